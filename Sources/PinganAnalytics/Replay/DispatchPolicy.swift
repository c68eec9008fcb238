/// How the simulated dispatcher picks a unit for a call. The replay runs several side by side
/// on the same calls so their differences are the policies', not the dice's.
public enum DispatchPolicy: String, Codable, Sendable, CaseIterable {
    /// Pingan's rule, the server's own: the dispatch plan `DispatchRules` gives the call's category
    /// and priority, filled by `Recommender` from the suitable free units by road travel time.
    case roadTime
    /// The same plan filled from the free units nearest as the crow flies: what a map without
    /// routing suggests.
    case straightLine
    /// The same plan filled only from units assigned to the call's patrol zone, by road time; the
    /// call waits if none is free.
    case zoneOwn

    public var label: String {
        switch self {
        case .roadTime: "nearest by road time (Pingan)"
        case .straightLine: "nearest by straight line"
        case .zoneOwn: "zone's own units only"
        }
    }
}
