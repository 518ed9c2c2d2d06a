/// Finds the EXIF Orientation tag (0x0112 in IFD0) in the TIFF structure that EXIF data is.
///
/// Untrusted bytes: every read is bounds-checked and a malformed structure gives `nil`.
enum EXIFOrientation {
    /// The orientation 1–8, or `nil` when the data has none (or is malformed). Accepts the
    /// TIFF structure with or without the `Exif\0\0` prefix JPEG's APP1 segment puts before it.
    static func read(from bytes: UnsafeRawBufferPointer) -> Int? {
        var tiff = bytes
        if tiff.count >= 6, tiff.prefix(6).elementsEqual(Array("Exif".utf8) + [0, 0]) {
            tiff = UnsafeRawBufferPointer(rebasing: tiff[6...])
        }
        guard tiff.count >= 8 else { return nil }
        let littleEndian: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): littleEndian = true  // "II"
        case (0x4D, 0x4D): littleEndian = false  // "MM"
        default: return nil
        }
        func uint16(at offset: Int) -> Int? {
            guard offset >= 0, offset <= tiff.count - 2 else { return nil }
            let (first, second) = (Int(tiff[offset]), Int(tiff[offset + 1]))
            return littleEndian ? first | second << 8 : first << 8 | second
        }
        func uint32(at offset: Int) -> Int? {
            guard let first = uint16(at: offset), let second = uint16(at: offset + 2) else { return nil }
            return littleEndian ? first | second << 16 : first << 16 | second
        }
        guard uint16(at: 2) == 42, let directory = uint32(at: 4), let entries = uint16(at: directory) else { return nil }
        for index in 0..<entries {
            let entry = directory + 2 + index * 12
            guard let tag = uint16(at: entry) else { return nil }
            guard tag == 0x0112 else { continue }
            // Type SHORT (3), one value, stored in the first two bytes of the value field.
            guard let value = uint16(at: entry + 8), (1...8).contains(value) else { return nil }
            return value
        }
        return nil
    }
}
