/// An entity stored as a projection. `version` counts the changes applied to it; a store refuses
/// a write whose expected version is not the stored one, so two writers can never both win.
public protocol Versioned: Sendable, Codable {
    var version: Int { get set }
    var path: String { get }
}
