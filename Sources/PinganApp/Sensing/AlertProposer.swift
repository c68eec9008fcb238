import Foundation
import PinganCore
import PinganGeo

/// Who could go: the nearest free units by road time to an alert's place, limited to the
/// alert's own station subtree (an alert's card shows no other station's cars).
public protocol AlertProposer: Sendable {
    func propose(at location: Coordinate, path: String, category: String, priority: Priority) async -> [Alert.ProposedUnit]
}

extension PositionTracking: AlertProposer {
    public func propose(at location: Coordinate, path: String, category: String, priority: Priority) async -> [Alert.ProposedUnit] {
        let request = DispatchRequest(location: location, category: category, priority: priority, jurisdictionPath: path)
        let r = recommend(request, mayPropose: { $0.hasPrefix(path) })
        return (r.recommended + r.alternatives).prefix(3).map { Alert.ProposedUnit(unitID: $0.unit, callsign: $0.callsign, etaSeconds: $0.etaSeconds) }
    }
}
