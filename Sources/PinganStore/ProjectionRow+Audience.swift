import Foundation
import PinganCore

extension ProjectionRow {
    /// The substrings whose presence in an `audience` column (`Audience.column`) admits `scope`,
    /// so a store applies `Audience.admits(_:)` inside its query: the column holds
    /// `|` + ancestor + `|` for some ancestor of the scope (the scope lies inside one of the
    /// audience's subtrees), or `|` + the scope's path (an audience path lies below the scope: a
    /// district sees what its stations see). A row is admitted when any needle occurs in its
    /// column (`instr` in SQLite, `strpos` in PostgreSQL); an empty column (everyone) holds none,
    /// so the caller decides what empty means for its table.
    ///
    /// Why substrings rather than a join table: the audience is part of the entity's document and
    /// changes with it in one row write, and a scope has only a handful of ancestors.
    public static func audienceNeedles(of scope: Scope) -> [String] {
        var needles = Audience.ancestors(of: scope).map { "|" + $0 + "|" }
        let below = "|" + scope.path
        // The scope's own path as an ancestor is already covered by the "below" needle.
        needles.removeAll { $0.hasPrefix(below) }
        needles.append(below)
        return needles
    }
}
