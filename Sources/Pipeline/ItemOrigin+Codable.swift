extension ItemOrigin: Codable {
    private enum CodingKeys: String, CodingKey {
        case kind, path, prompt, index, variant, model, parameters
    }

    /// Reads `{"kind":"file","path":...}` or `{"kind":"prompt","prompt":...,"index":...,...}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "file":
            self = .file(path: try container.decode(String.self, forKey: .path))
        case "prompt":
            self = .generated(
                GenerationOrigin(
                    prompt: try container.decode(String.self, forKey: .prompt),
                    index: try container.decode(Int.self, forKey: .index),
                    variant: try container.decodeIfPresent(Int.self, forKey: .variant) ?? 0,
                    model: try container.decodeIfPresent(String.self, forKey: .model) ?? "",
                    parameters: try container.decodeIfPresent([String: String].self, forKey: .parameters) ?? [:]))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "The origin kind must be \"file\" or \"prompt\" (got \"\(kind)\").")
        }
    }

    /// Writes a flat object with a `kind` of `file` or `prompt`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .file(let path):
            try container.encode("file", forKey: .kind)
            try container.encode(path, forKey: .path)
        case .generated(let origin):
            try container.encode("prompt", forKey: .kind)
            try container.encode(origin.prompt, forKey: .prompt)
            try container.encode(origin.index, forKey: .index)
            try container.encode(origin.variant, forKey: .variant)
            try container.encode(origin.model, forKey: .model)
            try container.encode(origin.parameters, forKey: .parameters)
        }
    }
}
