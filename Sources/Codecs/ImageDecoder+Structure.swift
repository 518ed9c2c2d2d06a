import Foundation

extension ImageDecoder {
    /// Reads the header and checks the file's structure without decompressing any pixel:
    /// PNG chunk lengths and the CRCs of its critical chunks; JPEG marker segments through to
    /// the end-of-image marker; WebP RIFF chunk sizes against the file. A few milliseconds for
    /// a file that takes tens to decode.
    ///
    /// What it cannot see is damage inside the compressed pixel data itself (a PNG whose zlib
    /// stream is broken under a correct CRC, a JPEG's corrupt entropy-coded data): only
    /// ``decodeRows(_:options:_:)`` or ``decode(_:options:)`` find that.
    ///
    /// ```swift
    /// let check = try ImageDecoder.checkStructure(of: data)
    /// print(check.info.width, check.info.height, check.warning ?? "intact")
    /// ```
    ///
    /// - Throws: ``CodecError/tooManyPixels(format:width:height:limit:)`` as a decode would;
    ///   ``CodecError/decodingFailed(format:reason:)`` naming the damage and where it is.
    public static func checkStructure(of data: Data, options: DecodingOptions = DecodingOptions()) throws(CodecError) -> ImageCheck {
        let info = try info(of: data)
        try PixelLimit.check(format: info.format, width: info.width, height: info.height, limit: options.pixelLimit)
        let warning: String? =
            switch info.format {
            case .png: try PNGCodec.checkChunks(data)
            case .jpeg: try JPEGCodec.checkMarkers(data)
            case .webp: try WebPCodec.checkChunks(data)
            }
        return ImageCheck(info: info, pixelsDecoded: false, warning: warning)
    }
}
