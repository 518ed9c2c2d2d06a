import Foundation

/// A file the server hands out on GET.
struct ServedFile: Sendable {
    var data: Data
    var contentType: String
}
