import Foundation
import PinganGeo

/// An anti-fraud warning sent as OASIS CAP 1.2 (where the centre's system speaks CAP): the
/// message's identifier is the reference, the first info's `event` the reason and `expires` the
/// deadline, its area's description the address and its first circle's centre (or polygon's
/// first point) the location; the person travels in `<parameter>`s named `victimName`, `phone`,
/// `idNumber` and `amountAtRisk`.
public enum FraudWarningCAP {
    public static func warning(from message: CAPMessage) throws(DomainError) -> NewFraudWarning {
        guard let info = message.infos.first else { throw DomainError.invalid("info", "the CAP message has no info") }
        func parameter(_ name: String) -> String? { info.parameters.first { $0.valueName == name }?.value }
        guard let expires = info.expires else { throw DomainError.invalid("expires", "the warning's deadline travels as the info's expires") }
        let area = info.areas.first
        let location = area?.circles.first.map { Coordinate(lat: $0.lat, lon: $0.lon) }
            ?? area?.polygons.first?.first.map { Coordinate(lat: $0.lat, lon: $0.lon) }
        var amount: Int?
        if let text = parameter("amountAtRisk") {
            guard let n = Int(text) else { throw DomainError.invalid("amountAtRisk", "the amount at risk is whole yuan") }
            amount = n
        }
        return NewFraudWarning(reference: message.identifier, victimName: parameter("victimName") ?? "", phone: parameter("phone") ?? "",
                               idNumber: parameter("idNumber"), address: area?.areaDesc, location: location, reason: info.event,
                               amountAtRisk: amount, deadline: CAPDateTime.format(expires, utcOffsetMinutes: 8 * 60))
    }
}
