import Foundation

extension WebPCodec {
    /// Checks the RIFF container: the size it declares against the file, and that every chunk
    /// lies inside it. libwebp refuses a file whose RIFF size runs past its end, and a chunk
    /// running past the RIFF end; bytes after the RIFF end are ignored, as libwebp ignores them.
    static func checkChunks(_ data: Data) throws(CodecError) -> String? {
        try data.withUnsafeBytes { raw in
            Result { () throws(CodecError) in try walkChunks(raw.bindMemory(to: UInt8.self)) }
        }.get()
    }

    private static func walkChunks(_ bytes: UnsafeBufferPointer<UInt8>) throws(CodecError) -> String? {
        func littleEndian32(at offset: Int) -> Int {
            Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
        }
        guard bytes.count >= 12 else { throw .decodingFailed(format: .webp, reason: "the file ends inside the RIFF header") }
        let riffEnd = littleEndian32(at: 4) + 8
        guard riffEnd <= bytes.count else {
            throw .decodingFailed(
                format: .webp,
                reason: "the RIFF header declares \(riffEnd) bytes, but the file holds \(bytes.count) (the file is truncated)")
        }
        var offset = 12
        while offset < riffEnd {
            guard riffEnd - offset >= 8 else {
                throw .decodingFailed(format: .webp, reason: "the RIFF data ends inside a chunk header at byte \(offset)")
            }
            let name = String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
            let size = littleEndian32(at: offset + 4)
            guard size <= riffEnd - offset - 8 else {
                throw .decodingFailed(
                    format: .webp,
                    reason: "the \(name) chunk at byte \(offset) declares \(size) bytes, which run past the end of the RIFF data at byte \(riffEnd)")
            }
            offset += 8 + size + (size & 1)
        }
        return nil
    }
}
