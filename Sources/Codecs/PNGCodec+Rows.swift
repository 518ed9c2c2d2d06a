import CPNG
import Foundation

extension PNGCodec {
    /// Decodes a non-interlaced PNG row by row through libpng, one row of memory in all.
    static func decodeRows(_ data: Data, header: cpng_info, _ body: (PixelBuffer, Int) -> Void) throws(CodecError) {
        try withoutActuallyEscaping(body) { (body) throws(CodecError) in
            var receiver = RowReceiver(row: PixelBuffer(width: Int(header.width), height: 1), body: body)
            let (status, message) = withUnsafeMutablePointer(to: &receiver) { receiverPointer in
                data.withUnsafeBytes { raw in
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(header.width) * 4) { scratch in
                        CLibraryMessage.capturing { text, capacity in
                            cpng_decode_rgba_rows(
                                raw.bindMemory(to: UInt8.self).baseAddress, raw.count, header.width, header.height,
                                scratch.baseAddress, { context, row, y in
                                    guard let context, let row else { return }
                                    context.assumingMemoryBound(to: RowReceiver.self).pointee.receive(row, y: Int(y))
                                }, receiverPointer, text, capacity)
                        }
                    }
                }
            }
            guard status == CPNG_OK else { throw .decodingFailed(format: .png, reason: message) }
        }
    }

    /// Walks the chunks without decompressing; a warning when no IEND closes the file.
    static func checkChunks(_ data: Data) throws(CodecError) -> String? {
        var hasEnd: Int32 = 0
        let (status, message) = data.withUnsafeBytes { raw in
            CLibraryMessage.capturing { text, capacity in
                cpng_check_chunks(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, &hasEnd, text, capacity)
            }
        }
        guard status == CPNG_OK else { throw .decodingFailed(format: .png, reason: message) }
        return hasEnd == 0 ? "no IEND chunk ends the file, which may be truncated" : nil
    }
}

/// Copies each row libpng produced into a one-row buffer the caller's closure can read safely.
private struct RowReceiver {
    var row: PixelBuffer
    let body: (PixelBuffer, Int) -> Void

    mutating func receive(_ bytes: UnsafePointer<UInt8>, y: Int) {
        let count = row.pixels.count
        row.pixels.withUnsafeMutableBufferPointer { destination in
            destination.baseAddress!.update(from: bytes, count: count)
        }
        body(row, y)
    }
}
