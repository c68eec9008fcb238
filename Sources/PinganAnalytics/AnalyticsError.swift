/// The one error type of the analytics layer. Input problems name the file and the line, so an
/// analyst can open a 100 000-row export at the broken spot instead of guessing.
public struct AnalyticsError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case fileNotFound, io, empty, corrupt, missingColumns, badRow, badPlan, noCalls, unsupported
    }

    public var kind: Kind
    public var message: String
    public var file: String?
    public var line: Int?

    public init(_ kind: Kind, _ message: String, file: String? = nil, line: Int? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String {
        var s = message
        if let file { s += " [\(file)" + (line.map { " line \($0)" } ?? "") + "]" } else if let line { s += " [line \(line)]" }
        return s
    }
}
