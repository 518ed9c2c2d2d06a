import FuzzSupport

/// Every input is read as a PNG (the signature is forced) and goes through libpng's
/// low-level reader in the CPNG shim.
@main enum FuzzPNG {
    static let signature: [(offset: Int, bytes: [UInt8])] = [(0, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])]

    static func main() {
        FuzzDriver.run { start, count in
            FuzzInput.decodeAllWays(FuzzInput.forcing(FuzzPNG.signature, onto: FuzzDriver.buffer(start, count)))
            return 0
        }
    }
}
