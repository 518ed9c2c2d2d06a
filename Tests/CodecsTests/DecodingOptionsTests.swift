import Codecs
import Foundation
import Testing

/// Pixel limit, reduced-size decoding, EXIF orientation and typed errors.
@Suite struct DecodingOptionsTests {
    static func corpusFile(_ path: String) throws -> Data {
        try Data(contentsOf: SharedData.folder("corpus").appendingPathComponent(path))
    }

    @Test func aPNGDeclaringTenGigapixelsIsRefusedFromItsHeader() throws {
        let data = try Self.corpusFile("png/generated/bomb_ihdr_100000x100000.png")
        #expect(throws: CodecError.tooManyPixels(format: .png, width: 100_000, height: 100_000, limit: 100_000_000)) {
            try ImageDecoder.decode(data)
        }
        // The header alone is still readable.
        let info = try ImageDecoder.info(of: data)
        #expect(info.width == 100_000 && info.height == 100_000)
    }

    @Test func aJPEGWhoseFrameHeaderLiesIsRefused() throws {
        var data = try ImageEncoder.encode(RoundTripTests.sampleImage(transparent: false), as: .jpeg())
        // Rewrite the SOF0 frame's height and width (big-endian, after length and precision).
        let sof = try #require(data.indices.first { data[$0] == 0xFF && data[$0 + 1] == 0xC0 })
        data.replaceSubrange((sof + 5)..<(sof + 9), with: [0xEA, 0x60, 0xEA, 0x60])  // 60000 x 60000
        #expect(throws: CodecError.tooManyPixels(format: .jpeg, width: 60_000, height: 60_000, limit: 100_000_000)) {
            try ImageDecoder.decode(data)
        }
    }

    @Test(arguments: [EncodingOptions.png(), .jpeg(), .webp(), .webp(WebPOptions(lossless: true))])
    func thePixelLimitIsConfigurable(encoding: EncodingOptions) throws {
        let data = try ImageEncoder.encode(RoundTripTests.sampleImage(), as: encoding)  // 97 x 61 = 5917 pixels
        #expect(throws: CodecError.tooManyPixels(format: encoding.format, width: 97, height: 61, limit: 5000)) {
            try ImageDecoder.decode(data, options: DecodingOptions(pixelLimit: 5000))
        }
        #expect(try ImageDecoder.decode(data, options: DecodingOptions(pixelLimit: 5917)).pixels.pixelCount == 5917)
    }

    @Test func jpegDecodesScaledDownByDCTScaling() throws {
        let data = try ImageEncoder.encode(RoundTripTests.sampleImage(width: 400, height: 300, transparent: false), as: .jpeg())
        func size(_ minimum: (Int, Int)?) throws -> String {
            let pixels = try ImageDecoder.decode(data, options: DecodingOptions(minimumSize: minimum)).pixels
            return "\(pixels.width)x\(pixels.height)"
        }
        #expect(try size(nil) == "400x300")
        #expect(try size((100, 60)) == "100x75")  // 2/8
        #expect(try size((50, 10)) == "50x38")  // 1/8: 300 / 8 rounds up
        #expect(try size((200, 150)) == "200x150")  // 4/8
        #expect(try size((201, 150)) == "250x188")  // 5/8
        #expect(try size((1000, 1000)) == "400x300")  // never enlarged
        // The info still reports the stored size.
        #expect(try ImageDecoder.decode(data, options: DecodingOptions(minimumSize: (100, 60))).info.width == 400)
    }

    @Test func webpDecodesScaledDown() throws {
        let image = RoundTripTests.sampleImage(width: 400, height: 300)
        for options in [WebPOptions(quality: 90), WebPOptions(lossless: true)] {
            let data = try ImageEncoder.encode(image, as: .webp(options))
            let small = try ImageDecoder.decode(data, options: DecodingOptions(minimumSize: (100, 60))).pixels
            #expect("\(small.width)x\(small.height)" == "100x75")
            #expect(small.hasTransparency)
            let wide = try ImageDecoder.decode(data, options: DecodingOptions(minimumSize: (10, 150))).pixels
            #expect("\(wide.width)x\(wide.height)" == "200x150")
        }
    }

    @Test func pngIgnoresTheMinimumSize() throws {
        let data = try ImageEncoder.encode(RoundTripTests.sampleImage(width: 400, height: 300), as: .png())
        let pixels = try ImageDecoder.decode(data, options: DecodingOptions(minimumSize: (100, 60))).pixels
        #expect("\(pixels.width)x\(pixels.height)" == "400x300")
    }

    /// The hopper_orientation_N files are one photograph stored rotated or flipped N ways, so
    /// once their orientation is applied they all show the same upright picture.
    @Test func exifOrientationIsReadAndAppliedOnlyWhenAsked() throws {
        let reference = try ImageDecoder.decode(
            Self.corpusFile("jpeg/pillow/hopper_orientation_3.jpg"), options: DecodingOptions(appliesOrientation: true))
        #expect(reference.info.orientation == 3)
        for orientation in [4, 5, 7, 8] {
            let data = try Self.corpusFile("jpeg/pillow/hopper_orientation_\(orientation).jpg")
            let stored = try ImageDecoder.decode(data)
            let upright = try ImageDecoder.decode(data, options: DecodingOptions(appliesOrientation: true))
            #expect(stored.info.orientation == orientation)
            let similar = RoundTripTests.psnr(upright.pixels, reference.pixels)
            let unlike = RoundTripTests.psnr(stored.pixels, reference.pixels)
            #expect(similar > 30, "orientation \(orientation) applied: \(similar) dB from orientation 3 applied")
            #expect(unlike < 20, "orientation \(orientation) stored: \(unlike) dB from orientation 3 applied")
        }
        let rectangle = try Self.corpusFile("jpeg/pillow/orientation_rectangle.jpg")
        let stored = try ImageDecoder.decode(rectangle).pixels
        #expect("\(stored.width)x\(stored.height)" == "2x1")
        let info = try ImageDecoder.info(of: rectangle)
        let upright = try ImageDecoder.decode(rectangle, options: DecodingOptions(appliesOrientation: true)).pixels
        let swaps = (info.orientation ?? 1) >= 5
        #expect("\(upright.width)x\(upright.height)" == (swaps ? "1x2" : "2x1"))
    }

    @Test func webpExifOrientationIsReadAndApplied() throws {
        let reference = try ImageDecoder.decode(
            Self.corpusFile("jpeg/pillow/hopper_orientation_3.jpg"), options: DecodingOptions(appliesOrientation: true))
        for orientation in [5, 6, 8] {
            let data = try Self.corpusFile("webp/pillow/hopper_orientation_\(orientation).webp")
            #expect(try ImageDecoder.info(of: data).orientation == orientation)
            let upright = try ImageDecoder.decode(data, options: DecodingOptions(appliesOrientation: true))
            let stored = try ImageDecoder.decode(data)
            let similar = RoundTripTests.psnr(upright.pixels, reference.pixels)
            let unlike = RoundTripTests.psnr(stored.pixels, reference.pixels)
            #expect(similar > 28, "WebP orientation \(orientation) applied: \(similar) dB from the JPEG applied")
            #expect(unlike < 20, "WebP orientation \(orientation) stored: \(unlike) dB from the JPEG applied")
        }
    }

    /// A JPEG with `tiff` inserted as an Exif APP1 segment right after SOI.
    static func jpeg(withEXIF tiff: [UInt8]) throws -> Data {
        let plain = try ImageEncoder.encode(RoundTripTests.sampleImage(width: 16, height: 8, transparent: false), as: .jpeg())
        let payload = Array("Exif".utf8) + [0, 0] + tiff
        let length = payload.count + 2
        return Data([0xFF, 0xD8, 0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload) + plain.dropFirst(2)
    }

    @Test func exifOrientationIsFoundInEitherByteOrderAndMalformedExifIsIgnored() throws {
        let little: [UInt8] = [0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0]
        let big: [UInt8] = [0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]
        #expect(try ImageDecoder.info(of: Self.jpeg(withEXIF: little)).orientation == 6)
        #expect(try ImageDecoder.info(of: Self.jpeg(withEXIF: big)).orientation == 6)
        let upright = try ImageDecoder.decode(Self.jpeg(withEXIF: big), options: DecodingOptions(appliesOrientation: true)).pixels
        #expect("\(upright.width)x\(upright.height)" == "8x16")

        var outOfRange = little
        outOfRange[18] = 9
        var directoryPastTheEnd = little
        directoryPastTheEnd[4] = 200
        var tooManyEntries = little
        tooManyEntries[8] = 0xFF
        tooManyEntries[10] = 0  // not the orientation tag, so the walk runs off the end
        let malformed = [outOfRange, directoryPastTheEnd, tooManyEntries, Array(little.prefix(12)), Array(little.prefix(3)), []]
        for tiff in malformed {
            let data = try Self.jpeg(withEXIF: tiff)
            #expect(try ImageDecoder.info(of: data).orientation == nil, "\(tiff)")
            #expect(try ImageDecoder.decode(data, options: DecodingOptions(appliesOrientation: true)).pixels.width == 16)
        }
        #expect(try ImageDecoder.info(of: ImageEncoder.encode(RoundTripTests.sampleImage(), as: .jpeg())).orientation == nil)
    }

    @Test func rotationMovesTheCornersWhereEXIFSays() {
        var stored = PixelBuffer(width: 3, height: 2, filledWith: .black)
        stored[0, 0] = .white  // top left as stored
        let cases: [(Int, Int, Int)] = [(1, 0, 0), (2, 2, 0), (3, 2, 1), (4, 0, 1), (5, 0, 0), (6, 1, 0), (7, 1, 2), (8, 0, 2)]
        for (orientation, x, y) in cases {
            let shown = stored.applyingEXIFOrientation(orientation)
            #expect("\(shown.width)x\(shown.height)" == (orientation >= 5 ? "2x3" : "3x2"))
            #expect(shown[x, y] == .white, "orientation \(orientation) puts the stored top left at (\(x), \(y))")
            #expect(shown.pixels.filter { $0 == 255 }.count == 3 + shown.pixelCount, "one white pixel, all opaque")
        }
    }

    @Test func twelveBitAndLosslessJPEGsAreUnsupportedNotCrashes() throws {
        for path in ["jpeg/libjpeg-turbo/monkey12.jpg", "jpeg/jpeg-decoder/lossless_jpeg_lossless_sel1.jpg"] {
            let error = #expect(throws: CodecError.self) { try ImageDecoder.decode(Self.corpusFile(path)) }
            guard case .unsupported(.jpeg, let feature) = error else {
                Issue.record("\(path): expected .unsupported, got \(String(describing: error))")
                continue
            }
            #expect(feature.contains("more than 8 bits") || feature.contains("lossless coding"), "\(feature)")
            #expect(feature.contains("libjpeg: \"Unsupported JPEG"), "keeps the library's words: \(feature)")
        }
    }

    /// Thousands of repeated scans would make libjpeg walk the image again and again.
    @Test func aProgressiveJPEGWithAbsurdlyManyScansIsRefused() throws {
        let image = RoundTripTests.sampleImage(width: 32, height: 32, transparent: false)
        let data = try ImageEncoder.encode(image, as: .jpeg(JPEGOptions(progressive: true)))
        let bytes = [UInt8](data)
        // The last scan runs from its SOS marker to the EOI marker that ends the file.
        let lastScan = try #require(bytes.indices.last { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xDA })
        let scan = bytes[lastScan..<(bytes.count - 2)]
        var hostile = Array(bytes[..<(bytes.count - 2)])
        for _ in 0..<600 { hostile += scan }
        hostile += [0xFF, 0xD9]
        let error = #expect(throws: CodecError.self) { try ImageDecoder.decode(Data(hostile)) }
        guard case .decodingFailed(.jpeg, let reason) = error else {
            Issue.record("expected .decodingFailed, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("more than 500 scans"))
        // The untouched file still decodes.
        #expect(try ImageDecoder.decode(data).pixels.width == 32)
    }

    @Test func recoverableJPEGDamageIsDecodedAndReported() throws {
        let damaged = try ImageDecoder.decode(Self.corpusFile("jpeg/generated/restart_markers_shuffled.jpg"))
        #expect(damaged.pixels.width == 128)
        #expect(damaged.warning?.contains("Corrupt JPEG data") == true, "\(String(describing: damaged.warning))")
        let clean = try ImageDecoder.decode(ImageEncoder.encode(RoundTripTests.sampleImage(transparent: false), as: .jpeg()))
        #expect(clean.warning == nil)
    }

    @Test func truncatedFilesNameTheirFormatAndTheLibraryReason() throws {
        let image = RoundTripTests.sampleImage(width: 200, height: 150, transparent: false)
        for encoding in [EncodingOptions.png(), .jpeg(), .webp()] {
            let data = try ImageEncoder.encode(image, as: encoding)
            let truncated = data.prefix(data.count / 2)
            let error = #expect(throws: CodecError.self) { try ImageDecoder.decode(Data(truncated)) }
            guard case .decodingFailed(let format, let reason) = error else {
                Issue.record("\(encoding.format): expected .decodingFailed, got \(String(describing: error))")
                continue
            }
            #expect(format == encoding.format)
            #expect(!reason.isEmpty)
        }
        #expect(throws: CodecError.unrecognizedFormat(leadingBytes: [])) { try ImageDecoder.decode(Data()) }
        #expect(throws: CodecError.unrecognizedFormat(leadingBytes: Array("GIF89a".utf8))) {
            try ImageDecoder.decode(Data("GIF89a".utf8))
        }
    }
}
