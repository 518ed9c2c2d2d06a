extension PixelBuffer {
    /// A buffer whose bytes are written once, directly, by a decoder: no zero-fill, no copy.
    ///
    /// `fill` gets the `width * height * 4` uninitialized bytes and must write all of them or
    /// throw; the bytes are discarded when it throws.
    init(
        decodingWidth width: Int, height: Int,
        fill: (UnsafeMutableBufferPointer<UInt8>) throws(CodecError) -> Void
    ) throws(CodecError) {
        precondition(width > 0 && height > 0, "a decoded image has positive sides")
        var failure: CodecError?
        let bytes = [UInt8](unsafeUninitializedCapacity: width * height * 4) { storage, initializedCount in
            do throws(CodecError) {
                try fill(storage)
                initializedCount = storage.count
            } catch {
                failure = error
                initializedCount = 0
            }
        }
        if let failure { throw failure }
        self.width = width
        self.height = height
        self.storage = bytes
    }
}

extension PixelBuffer {
    /// Wraps bytes the caller has already sized as `width * height * 4`.
    init(validatedWidth width: Int, height: Int, pixels: [UInt8]) {
        assert(width > 0 && height > 0 && pixels.count == width * height * 4)
        self.width = width
        self.height = height
        self.storage = pixels
    }
}
