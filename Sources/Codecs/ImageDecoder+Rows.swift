import Foundation

extension ImageDecoder {
    /// Decodes every pixel and hands the image to `body` one row at a time, as a one-row
    /// ``PixelBuffer`` of the same RGBA convention as ``decode(_:options:)``, top to bottom.
    ///
    /// For a PNG that is not interlaced only one row is ever in memory, so checking a huge
    /// or hostile file costs a few kilobytes whatever its size; other images are decoded whole
    /// first (an interlaced PNG's rows are only complete after its last pass).
    ///
    /// ```swift
    /// var transparent = 0
    /// let check = try ImageDecoder.decodeRows(data) { row, _ in transparent += row.transparentPixelCount() }
    /// ```
    ///
    /// - Throws: the errors of ``decode(_:options:)``; `body` has seen the rows before the
    ///   damage when a decode fails part way.
    public static func decodeRows(
        _ data: Data, options: DecodingOptions = DecodingOptions(), _ body: (_ row: PixelBuffer, _ y: Int) -> Void
    ) throws(CodecError) -> ImageCheck {
        if ImageFormat(sniffing: data) == .png {
            let header = try PNGCodec.readHeader(data)
            if header.interlaced == 0 {
                let info = PNGCodec.makeInfo(header)
                try PixelLimit.check(format: .png, width: info.width, height: info.height, limit: options.pixelLimit)
                try PNGCodec.decodeRows(data, header: header, body)
                return ImageCheck(info: info, pixelsDecoded: true)
            }
        }
        let image = try decode(data, options: options)
        var row = PixelBuffer(width: image.pixels.width, height: 1)
        let rowBytes = image.pixels.bytesPerRow
        for y in 0..<image.pixels.height {
            row.pixels.replaceSubrange(0..<rowBytes, with: image.pixels.pixels[(y * rowBytes)..<((y + 1) * rowBytes)])
            body(row, y)
        }
        return ImageCheck(info: image.info, pixelsDecoded: true, warning: image.warning)
    }
}
