import PinganCore

/// The response targets that apply somewhere, and the jurisdiction that set them (or
/// `standard`), as every group of a KPI answer states them.
public struct TargetsInForce: Codable, Sendable, Hashable {
    public var targets: ResponseTargets
    public var setBy: String

    public init(targets: ResponseTargets, setBy: String) {
        self.targets = targets
        self.setBy = setBy
    }

    public static let standard = TargetsInForce(targets: .standard, setBy: "standard")
}

/// The jurisdiction tree's policies, enough to say which targets apply at any path: each
/// path's chain (its ancestors from the top down) resolved by `ResponseTargets.resolve`, the
/// same inheritance `EffectivePolicy` applies.
public struct ResponseTargetsTable: Sendable {
    private var byID: [String: Jurisdiction] = [:]

    public init(jurisdictions: [Jurisdiction] = []) {
        for j in jurisdictions { byID[j.id.rawValue] = j }
    }

    /// The targets in force at the jurisdiction `path` names (its last component); ancestors
    /// the table does not hold are skipped, as if they set nothing.
    public func targets(at path: String) -> TargetsInForce {
        let chain = path.split(separator: "/").compactMap { byID[String($0)] }
        let (targets, setBy) = ResponseTargets.resolve(chain)
        return TargetsInForce(targets: targets, setBy: setBy)
    }
}
