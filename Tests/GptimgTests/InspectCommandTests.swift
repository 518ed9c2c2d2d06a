import Foundation
import Testing

/// `gptimg inspect`, run as a user runs it: the built executable, real files, exit codes.
@Suite struct InspectCommandTests {
    static func corpus(_ path: String) throws -> String {
        try SharedData.folder("corpus").appendingPathComponent(path).path
    }

    static func object(_ line: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(value as? [String: Any], "not a JSON object: \(line)")
    }

    /// Each file's JSON line agrees with the corpus manifest (size, transparency, pixel hash).
    @Test func jsonLinesDescribeEachFile() throws {
        let files = [
            ("png/pngsuite/basn6a08.png", "png", 32, 32, true, "rgba 8-bit"),
            ("jpeg/pillow/hopper_orientation_5.jpg", "jpeg", 128, 128, false, "ycbcr baseline"),
            ("webp/generated/animated_3frames.webp", "webp", 40, 30, true, "animated lossless +alpha (3 frames)"),
        ]
        let manifest = try String(contentsOf: SharedData.folder("corpus").appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
        let result = try BuiltTool.run(["inspect", "--json", "--pixel-hash"] + files.map { try Self.corpus($0.0) })
        #expect(result.status == 0, "stderr: \(result.standardError)")
        try #require(result.lines.count == files.count, "output: \(result.standardOutput)")
        for (line, file) in zip(result.lines, files) {
            let object = try Self.object(line)
            let row = try #require(manifest.split(separator: "\n").first { $0.hasPrefix(file.0 + "\t") })
                .split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let expectedHash = row[8].isEmpty ? row[7] : row[8]
            #expect(object["path"] as? String == (try Self.corpus(file.0)))
            #expect(object["format"] as? String == file.1)
            #expect(object["width"] as? Int == file.2)
            #expect(object["height"] as? Int == file.3)
            #expect(object["hasAlpha"] as? Bool == file.4)
            #expect(object["storage"] as? String == file.5)
            #expect(object["bytes"] as? Int == (try FileManager.default.attributesOfItem(atPath: Self.corpus(file.0))[.size] as? Int))
            #expect(object["pixelSHA256"] as? String == expectedHash, "\(file.0)")
            #expect(object["error"] == nil)
        }
    }

    /// The format comes from the bytes: a PNG named .jpg is a PNG.
    @Test func theFormatIsFoundFromTheBytes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("inspect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let misnamed = folder.appendingPathComponent("really-a-png.jpg")
        try FileManager.default.copyItem(atPath: Self.corpus("png/pngsuite/basn6a08.png"), toPath: misnamed.path)
        let result = try BuiltTool.run(["inspect", "--json", misnamed.path])
        #expect(result.status == 0)
        #expect(try Self.object(try #require(result.lines.first))["format"] as? String == "png")
        #expect(try Self.object(try #require(result.lines.first))["pixelSHA256"] == nil)
    }

    /// Broken and missing files get an error object; the others are still inspected; exit 1.
    @Test func brokenFilesAreReportedAndTheRestStillInspected() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("inspect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = try Data(contentsOf: URL(fileURLWithPath: Self.corpus("jpeg/pillow/hopper_orientation_5.jpg")))
        let truncated = folder.appendingPathComponent("truncated.jpg")
        try whole.prefix(whole.count / 2).write(to: truncated)
        let text = folder.appendingPathComponent("notes.png")
        try Data("just some words".utf8).write(to: text)
        let missing = folder.appendingPathComponent("missing.webp").path
        let good = try Self.corpus("png/pngsuite/basn6a08.png")

        let result = try BuiltTool.run(["inspect", "--json", truncated.path, text.path, missing, good])
        #expect(result.status == 1)
        try #require(result.lines.count == 4, "output: \(result.standardOutput)")
        let objects = try result.lines.map(Self.object)
        #expect(objects.map { $0["path"] as? String } == [truncated.path, text.path, missing, good])
        let truncatedError = try #require(objects[0]["error"] as? String)
        #expect(truncatedError.contains("JPEG") && truncatedError.contains("Premature end of JPEG file"))
        #expect((objects[1]["error"] as? String)?.contains("Not a PNG, JPEG or WebP image") == true)
        #expect((objects[2]["error"] as? String)?.contains("no such file") == true)
        #expect(objects[3]["error"] == nil)
        #expect(objects[3]["width"] as? Int == 32)
    }

    /// Files are decoded a few at a time, yet reported in the order they were given.
    @Test func reportsFollowTheOrderOfTheArguments() throws {
        let folder = try SharedData.folder("corpus").appendingPathComponent("png/pngsuite")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".png") }.sorted()
        // Large and small files mixed, in reverse name order, so finishing order differs from argument order.
        let paths = names.reversed().map { folder.appendingPathComponent($0).path }
            + [try Self.corpus("png/generated/bomb_ihdr_100000x100000.png"), try Self.corpus("webp/pillow/iss634.webp")]
        let result = try BuiltTool.run(["inspect", "--json"] + paths)
        #expect(result.status == 1, "some PngSuite files are broken on purpose")
        let reported = try result.lines.map { try Self.object($0)["path"] as? String }
        #expect(reported == paths)
    }

    /// A file that cannot hold transparency is answered from its header and structure; with
    /// --decode every pixel is decoded, and the answer is the same.
    @Test func opaqueFilesAreAnsweredWithoutDecodingUnlessAsked() throws {
        let files = try ["png/pngsuite/basn2c08.png", "jpeg/pillow/hopper_orientation_5.jpg", "png/pngsuite/basn6a08.png"].map(Self.corpus)
        let quick = try BuiltTool.run(["inspect", "--json"] + files)
        let full = try BuiltTool.run(["inspect", "--json", "--decode"] + files)
        #expect(quick.status == 0 && full.status == 0, "\(quick.standardError) \(full.standardError)")
        let quickObjects = try quick.lines.map(Self.object)
        let fullObjects = try full.lines.map(Self.object)
        try #require(quickObjects.count == 3 && fullObjects.count == 3)
        #expect(quickObjects.map { $0["pixelsDecoded"] as? Bool } == [false, false, true], "RGBA needs its pixels counted")
        #expect(fullObjects.map { $0["pixelsDecoded"] as? Bool } == [true, true, true])
        for (quickObject, fullObject) in zip(quickObjects, fullObjects) {
            for key in ["format", "width", "height", "storage", "hasAlpha", "transparentPixels", "bytes"] {
                #expect(
                    String(describing: quickObject[key]) == String(describing: fullObject[key]),
                    "\(key) of \(quickObject["path"] ?? "?")")
            }
        }
    }

    /// Damage to an opaque PNG's image data is found without --decode (its CRC breaks, so the
    /// decoder is asked and says what is wrong); a cut-off chunk after the complete image data
    /// is only a warning, as the decoder agrees.
    @Test func damageIsFoundWithoutDecode() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("inspect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var data = try Data(contentsOf: URL(fileURLWithPath: Self.corpus("png/pngsuite/basn2c08.png")))
        data[data.count - 40] ^= 0x01
        let damaged = folder.appendingPathComponent("damaged.png")
        try data.write(to: damaged)
        let harmless = try Self.corpus("png/pillow/truncated_end_chunk.png")

        let result = try BuiltTool.run(["inspect", "--json", damaged.path, harmless])
        #expect(result.status == 1)
        let objects = try result.lines.map(Self.object)
        try #require(objects.count == 2)
        #expect((objects[0]["error"] as? String)?.hasPrefix("Could not decode the PNG image") == true, "\(objects[0])")
        #expect(objects[1]["error"] == nil)
        #expect((objects[1]["warning"] as? String)?.contains("truncated") == true, "\(objects[1])")
    }

    /// The 4096x4096 bilevel image of the corpus is decoded row by row: the hash of its 64 MiB
    /// of RGBA matches the manifest's.
    @Test func aHugeImageIsHashedRowByRow() throws {
        let path = "png/generated/deflate_ratio_4096x4096_1bit.png"
        let manifest = try String(contentsOf: SharedData.folder("corpus").appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
        let row = try #require(manifest.split(separator: "\n").first { $0.hasPrefix(path + "\t") })
            .split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let result = try BuiltTool.run(["inspect", "--json", "--pixel-hash", try Self.corpus(path)])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try Self.object(try #require(result.lines.first))
        #expect(object["pixelSHA256"] as? String == (row[8].isEmpty ? row[7] : row[8]))
        #expect(object["pixelsDecoded"] as? Bool == true)
        #expect(object["width"] as? Int == 4096)
    }

    @Test func humanReadableOutput() throws {
        let good = try Self.corpus("png/pngsuite/basn6a08.png")
        let ok = try BuiltTool.run(["inspect", good])
        #expect(ok.status == 0)
        #expect(ok.standardOutput == "\(good): PNG, 32x32, rgba 8-bit, 992 of 1,024 pixels transparent, 184 bytes\n")

        let bomb = try Self.corpus("png/generated/bomb_ihdr_100000x100000.png")
        let refused = try BuiltTool.run(["inspect", bomb, good])
        #expect(refused.status == 1)
        #expect(refused.lines.count == 1)
        #expect(refused.standardError.contains("declares 100000x100000 pixels"))
    }

    @Test func versionAndUsage() throws {
        let version = try BuiltTool.run(["--version"])
        #expect(version.status == 0)
        #expect(version.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let noFiles = try BuiltTool.run(["inspect"])
        #expect(noFiles.status == 64)
        #expect(noFiles.standardError.contains("Missing expected argument"))
    }
}
