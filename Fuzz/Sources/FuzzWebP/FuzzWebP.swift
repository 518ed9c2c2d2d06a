import FuzzSupport

/// Every input is read as a WebP ("RIFF" and "WEBP" are forced) and goes through libwebp and
/// libwebpdemux in the CWebP shim: still, scaled and animated.
@main enum FuzzWebP {
    static let container: [(offset: Int, bytes: [UInt8])] = [(0, Array("RIFF".utf8)), (8, Array("WEBP".utf8))]

    static func main() {
        FuzzDriver.run { start, count in
            FuzzInput.decodeAllWays(FuzzInput.forcing(FuzzWebP.container, onto: FuzzDriver.buffer(start, count)))
            return 0
        }
    }
}
