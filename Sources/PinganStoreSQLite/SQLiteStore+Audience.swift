import Foundation
import GRDB
import PinganCore
import PinganStore

extension SQLiteStore {
    /// `Audience.admits(scope)` as a condition on an audience column, for the query itself:
    /// true when the column contains any of `ProjectionRow.audienceNeedles(of:)`. `instr`, not
    /// `LIKE`, so a path is only ever text, never a pattern.
    static func admits(_ column: String, _ scope: Scope) -> (sql: String, arguments: [String]) {
        let needles = ProjectionRow.audienceNeedles(of: scope)
        let sql = "(" + needles.map { _ in "instr(\(column), ?) > 0" }.joined(separator: " OR ") + ")"
        return (sql, needles)
    }

    /// Who sees a watchlist (and, through it, its entries): its audience admits the scope, or it
    /// has none and its path is inside the scope.
    static func listVisible(_ table: String, _ scope: Scope) -> (sql: String, arguments: [String]) {
        let (lower, upper) = ProjectionRow.range(of: scope)
        let audience = admits("\(table).audience", scope)
        return ("((\(table).audience = '' AND \(table).path >= ? AND \(table).path < ?) OR \(audience.sql))", [lower, upper] + audience.arguments)
    }

    /// Who sees an alert: its path is inside the scope and its audience, if it has one, admits it.
    static func alertVisible(_ scope: Scope) -> (sql: String, arguments: [String]) {
        let (lower, upper) = ProjectionRow.range(of: scope)
        let audience = admits("audience", scope)
        return ("path >= ? AND path < ? AND (audience = '' OR \(audience.sql))", [lower, upper] + audience.arguments)
    }
}
