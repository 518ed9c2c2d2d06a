import Foundation

extension JPEGCodec {
    /// Walks the marker segments from SOI to EOI, skipping over entropy-coded data, without
    /// decoding it. A file that ends before its EOI marker is truncated (libjpeg would fill the
    /// rest with grey and call it a "Premature end of JPEG file"); stray bytes between segments
    /// are damage libjpeg skips, so they are a warning.
    static func checkMarkers(_ data: Data) throws(CodecError) -> String? {
        try data.withUnsafeBytes { raw in
            Result { () throws(CodecError) in try walkMarkers(raw.bindMemory(to: UInt8.self)) }
        }.get()
    }

    private static func walkMarkers(_ bytes: UnsafeBufferPointer<UInt8>) throws(CodecError) -> String? {
        let count = bytes.count
        var offset = 2  // after SOI, which the format sniffing has seen
        var strayBytes = 0
        var sawScan = false
        while true {
            // Find the next marker: 0xFF, any fill 0xFF bytes, then the marker code.
            while offset < count && bytes[offset] != 0xFF {
                offset += 1
                strayBytes += 1
            }
            while offset < count && bytes[offset] == 0xFF { offset += 1 }
            guard offset < count else {
                throw .decodingFailed(
                    format: .jpeg,
                    reason: "Premature end of JPEG file: the data ends at byte \(count) with no end-of-image marker (the file is truncated)")
            }
            let marker = bytes[offset]
            offset += 1
            switch marker {
            case 0xD9:
                guard sawScan else { throw .decodingFailed(format: .jpeg, reason: "the end-of-image marker comes before any image data") }
                return strayBytes > 0 ? "\(strayBytes) stray bytes between marker segments were skipped" : nil
            case 0x00:
                strayBytes += 2  // a stuffed 0xFF 0x00 outside entropy-coded data
            case 0x01, 0xD0...0xD7:
                continue  // markers without a length
            default:
                guard count - offset >= 2 else {
                    throw .decodingFailed(format: .jpeg, reason: "Premature end of JPEG file: the file ends inside the marker 0x\(hex(marker)) (the file is truncated)")
                }
                let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
                guard length >= 2 else {
                    throw .decodingFailed(format: .jpeg, reason: "the segment of marker 0x\(hex(marker)) at byte \(offset - 2) declares a length of \(length)")
                }
                guard length <= count - offset else {
                    throw .decodingFailed(
                        format: .jpeg,
                        reason: "Premature end of JPEG file: the segment of marker 0x\(hex(marker)) at byte \(offset - 2) declares \(length) bytes, "
                            + "but the file ends \(count - offset) bytes later (the file is truncated)")
                }
                offset += length
                if marker == 0xDA {
                    sawScan = true
                    offset = endOfEntropyCodedData(bytes, from: offset)
                }
            }
        }
    }

    /// The offset of the first marker after a scan's entropy-coded data (where 0xFF is only
    /// ever followed by a stuffed 0x00, a restart marker or fill), or the end of the data.
    private static func endOfEntropyCodedData(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var offset = start
        let count = bytes.count
        while offset + 1 < count {
            if bytes[offset] == 0xFF {
                let next = bytes[offset + 1]
                if next != 0x00 && next != 0xFF && !(0xD0...0xD7).contains(next) { return offset }
                offset += next == 0xFF ? 1 : 2
            } else {
                offset += 1
            }
        }
        return count
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: false)
        return digits.count == 1 ? "0" + digits : digits
    }
}
