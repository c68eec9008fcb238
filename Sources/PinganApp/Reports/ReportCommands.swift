import Crypto
import Foundation
import PinganCore
import PinganStore

/// Storing reports (三情研判, 值班日志). The pages are assembled and drawn outside (the analytics
/// and the adapters that read the store); this is where one is stored: by the one command runner,
/// as a `report.written` event with the pages' SHA-256, idempotent on (kind, jurisdiction, day,
/// language). A second write of the same report replaces its pages and raises its version (the
/// log keeps the hash of every version issued); the scheduler writes only where none is stored.
public struct ReportCommands: Sendable {
    let runner: CommandRunner
    let store: any ReportStore

    public init(runner: CommandRunner, store: any ReportStore) {
        self.runner = runner
        self.store = store
    }

    /// The one identifier of (kind, jurisdiction, day, language).
    public static func id(kind: Report.Kind, jurisdictionID: JurisdictionID, date: ReportDay, language: Report.Language) -> ReportID {
        Report.id(kind: kind, jurisdictionID: jurisdictionID, date: date, language: language, digest: Self.sha256)
    }

    static func sha256(_ text: String) -> String { Hex.lowercase(SHA256.hash(data: Array(text.utf8))) }
    static func sha256(_ data: Data) -> String { Hex.lowercase(SHA256.hash(data: data)) }

    /// Stores `draft`, replacing the pages of the same report if it was written before.
    /// - Parameters:
    ///   - actor: Who wrote it (a user, or the scheduler).
    ///   - scope: What the writer may see: a jurisdiction outside it is not found.
    /// - Throws: `DomainError` (`not_found`, `date_in_future`, `report_too_large`, `invalid_field`).
    public func write(_ draft: ReportDecider.Draft, by actor: Actor, scope: Scope, idempotency: Idempotency<Report>? = nil) async throws -> Outcome<Report> {
        try await runner.run(.writeReport, by: actor, idempotency: idempotency) { now in
            let d = try await decide(draft, by: actor, scope: scope, ifAbsent: false, now: now)
            guard let document = d.document else { throw DomainError.invalid("report", "nothing to store") }
            return Decision(events: d.events, writes: [.report(document)], output: document.report)
        }
    }

    /// Stores `draft` only when no report of the same (kind, jurisdiction, day, language) is
    /// stored yet: nil when one is. How the scheduler writes, so a restart, or a second instance
    /// on the same database, never writes a day twice.
    public func writeIfAbsent(_ draft: ReportDecider.Draft, by actor: Actor) async throws -> Report? {
        try await runner.run(.writeReport, by: actor) { now in
            let d = try await decide(draft, by: actor, scope: .everything, ifAbsent: true, now: now)
            guard let document = d.document else { return .unchanged(nil) }
            return Decision(events: d.events, writes: [.report(document)], output: document.report)
        }.get()
    }

    /// Whether the report of (kind, jurisdiction, day, language) is stored.
    public func exists(kind: Report.Kind, jurisdictionID: JurisdictionID, date: ReportDay, language: Report.Language) async throws -> Bool {
        try await store.report(Self.id(kind: kind, jurisdictionID: jurisdictionID, date: date, language: language), scope: .everything) != nil
    }

    private func decide(_ draft: ReportDecider.Draft, by actor: Actor, scope: Scope, ifAbsent: Bool, now: Date) async throws
        -> (events: [Event], document: ReportDocument?) {
        guard scope.contains(path: draft.jurisdiction.path) else { throw DomainError.notFound("jurisdiction", draft.jurisdiction.id.rawValue) }
        let id = Self.id(kind: draft.kind, jurisdictionID: draft.jurisdiction.id, date: draft.date, language: draft.language)
        let existing = try await store.report(id, scope: .everything)
        return try ReportDecider.write(draft, id: id, existing: existing, ifAbsent: ifAbsent, by: actor.name,
                                       htmlSHA256: Self.sha256(draft.html), pdfSHA256: draft.pdf.map(Self.sha256), now: now)
    }
}
