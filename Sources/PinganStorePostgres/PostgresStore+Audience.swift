import Foundation
import PinganCore
import PinganStore
import PostgresNIO

extension PostgresStore {
    /// `Audience.admits(scope)` as a condition on an audience column, for the query itself:
    /// true when the column contains any of `ProjectionRow.audienceNeedles(of:)`, each appended
    /// to `binds`. `strpos`, not `LIKE`, so a path is only ever text, never a pattern.
    static func admits(_ column: String, _ scope: Scope, _ binds: inout PostgresBindings) -> String {
        let tests = ProjectionRow.audienceNeedles(of: scope).map { needle in
            binds.append(needle)
            return "strpos(\(column), $\(binds.count)) > 0"
        }
        return "(" + tests.joined(separator: " OR ") + ")"
    }

    /// `column >= lower AND column < upper` for the scope's path range, bound in `binds`.
    static func inRange(_ column: String, _ scope: Scope, _ binds: inout PostgresBindings) -> String {
        let (lower, upper) = ProjectionRow.range(of: scope)
        binds.append(lower)
        binds.append(upper)
        return "\(column) >= $\(binds.count - 1) AND \(column) < $\(binds.count)"
    }

    /// Who sees a watchlist (and, through it, its entries): its audience admits the scope, or it
    /// has none and its path is inside the scope.
    static func listVisible(_ table: String, _ scope: Scope, _ binds: inout PostgresBindings) -> String {
        let range = inRange("\(table).path", scope, &binds)
        return "((\(table).audience = '' AND \(range)) OR \(admits("\(table).audience", scope, &binds)))"
    }

    /// Who sees an alert: its path is inside the scope and its audience, if it has one, admits it.
    static func alertVisible(_ scope: Scope, _ binds: inout PostgresBindings) -> String {
        let range = inRange("path", scope, &binds)
        return "\(range) AND (audience = '' OR \(admits("audience", scope, &binds)))"
    }
}
