/// The one error type of the road engine. Every reader failure names the file and, where the
/// format has them, the byte offset or line, so an operator can find the broken spot in a
/// multi-megabyte extract instead of guessing.
public struct GeoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, coarse enough for callers to branch on.
    public enum Kind: String, Sendable, Equatable {
        case fileNotFound, io, empty, truncated, corrupt, blobTooLarge, invalidValue
        case missingReference, outOfRange, unsupported, cacheInvalid, snapTooFar, noRoute, invalidInput
    }

    public var kind: Kind
    public var file: String?
    public var byteOffset: Int?
    public var line: Int?
    public var message: String

    public init(_ kind: Kind, _ message: String, file: String? = nil, byteOffset: Int? = nil, line: Int? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
        self.byteOffset = byteOffset
        self.line = line
    }

    public var description: String {
        var s = "\(kind.rawValue): \(message)"
        if let file { s += " [file \(file)" + (line.map { " line \($0)" } ?? "") + (byteOffset.map { " byte \($0)" } ?? "") + "]" }
        else if let line { s += " [line \(line)]" }
        else if let byteOffset { s += " [byte \(byteOffset)]" }
        return s
    }
}
