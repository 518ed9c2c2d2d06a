/// A buffer the C shims write a library's error message into, read back as a Swift string.
enum CLibraryMessage {
    /// Room for libjpeg's longest message (JMSG_LENGTH_MAX is 200) and libpng's.
    static let capacity = 256

    /// Calls `body` with a zeroed message buffer, returning its result and the text left there.
    static func capturing<Result>(
        _ body: (UnsafeMutablePointer<CChar>, Int) -> Result
    ) -> (result: Result, message: String) {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            buffer.initialize(repeating: 0)
            let result = body(buffer.baseAddress!, capacity)
            let message = String(cString: buffer.baseAddress!)
            return (result, message)
        }
    }
}
