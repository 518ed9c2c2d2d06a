/// The images and mask of an edit, as given on the command line; loaded when the batch runs.
struct EditInputs: Sendable, Hashable {
    var images: [String]
    var mask: String?
    var strict: Bool
}
