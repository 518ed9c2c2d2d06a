import Codecs
import Testing

/// Options outside their documented ranges are refused with a typed error naming the option.
@Suite struct EncodingOptionsTests {
    static let image = PixelBuffer(width: 8, height: 8, filledWith: .white)

    @Test(arguments: [
        (EncodingOptions.png(PNGOptions(compressionLevel: -1)), "PNG compressionLevel", "-1"),
        (.png(PNGOptions(compressionLevel: 10)), "PNG compressionLevel", "10"),
        (.jpeg(JPEGOptions(quality: 0)), "JPEG quality", "0"),
        (.jpeg(JPEGOptions(quality: 101)), "JPEG quality", "101"),
        (.webp(WebPOptions(quality: -1)), "WebP quality", "-1"),
        (.webp(WebPOptions(quality: 101)), "WebP quality", "101"),
        (.webp(WebPOptions(method: 7)), "WebP method", "7"),
        (.webp(WebPOptions(alphaQuality: 101)), "WebP alphaQuality", "101"),
    ])
    func outOfRangeOptionsAreRefused(options: EncodingOptions, name: String, value: String) {
        let error = #expect(throws: CodecError.self) { try ImageEncoder.encode(Self.image, as: options) }
        guard case .invalidOption(let refusedName, let refusedValue, _) = error else {
            Issue.record("expected .invalidOption, got \(String(describing: error))")
            return
        }
        #expect(refusedName == name)
        #expect(refusedValue == value)
    }

    @Test(arguments: [
        EncodingOptions.png(PNGOptions(compressionLevel: 0)), .png(PNGOptions(compressionLevel: 9)),
        .jpeg(JPEGOptions(quality: 1)), .jpeg(JPEGOptions(quality: 100)),
        .webp(WebPOptions(quality: 0, method: 0, alphaQuality: 0)), .webp(WebPOptions(quality: 100, method: 6)),
    ])
    func rangeEndsAreAccepted(options: EncodingOptions) throws {
        let data = try ImageEncoder.encode(Self.image, as: options)
        #expect(try ImageDecoder.info(of: data).format == options.format)
    }

    @Test func encoderDimensionLimitsAreTypedErrors() {
        let wide = PixelBuffer(width: 16_384, height: 1)
        #expect(throws: CodecError.self) { try ImageEncoder.encode(wide, as: .webp()) }
        #expect(throws: Never.self) { try ImageEncoder.encode(wide, as: .png()) }
    }
}
