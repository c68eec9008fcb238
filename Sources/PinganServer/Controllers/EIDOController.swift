import Foundation
import Hummingbird
import PinganApp
import PinganCore
import PinganStore

/// NENA EIDO JSON in and out (issue 18): an incident with its referrals, a referral as its agency
/// gets it, and documents received — an agency's state of its referral, or another system's
/// incident. Problems keep the EIDO codes (`eido_unknown_version`, `eido_missing_component`, …).
struct EIDOController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    /// Who Pingan's EIDO documents say they are from (the agency identifiers end in it).
    static let sender = "pingan.localhost"

    /// An EIDO's header members and its components (`…Component`), each any JSON: the document
    /// is checked by `EIDOImport`, which knows the standard's rules.
    static let schema = Schema.map(.ref("EIDOValue"), keys: .init(
        pattern: #"^(\$id|\$schema|lastUpdateTimeStamp|updatedByAgencyReference|updatedByAgentReference|eidoVersion|issuingElementIdentification|[a-zA-Z]{1,40}Component)$"#))

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("incidents/{id}/eido", use: exportIncident)
        group.get("referrals/{id}/eido", use: exportReferral)
        group.post("eido", use: receive)
    }

    @Sendable func exportIncident(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readIncidents)
        let data = try await deps.app.eido.export(IncidentID(try context.id()), for: user, sender: Self.sender, now: deps.time.now())
        return Self.reply(.ok, data)
    }

    @Sendable func exportReferral(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readReferrals)
        let data = try await deps.app.eido.export(ReferralID(try context.id()), for: user, sender: Self.sender, now: deps.time.now())
        return Self.reply(.ok, data)
    }

    @Sendable func receive(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(anyOf: [.writeIncidents, .workReferrals])
        let bytes = try await deps.body.bytes(request)
        let incoming: EIDOIncoming
        do throws(EIDOError) {
            incoming = try EIDOImport.incoming(try EIDOImport.parse(Data(bytes.readableBytesView)), sender: Self.sender)
        } catch {
            throw Problem(.unprocessableContent, code: error.code.rawValue, detail: error.message, field: error.field)
        }
        switch try await deps.app.eido.receive(incoming, by: user) {
        case .created(let incident):
            return try JSONReply(.created, IncidentView(incident, now: deps.time.now(), masked: !user.role.may(.viewCaller))).response
        case .referral(let referral):
            return try JSONReply(.ok, ReferralController(deps: deps).view(referral)).response
        }
    }

    static func reply(_ status: HTTPResponse.Status, _ data: Data) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
