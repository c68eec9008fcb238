/// Jurisdiction paths (`/city/district/station/`) interned to small integers, each knowing its
/// parent, so a million incident rows carry one `Int32` for where they belong and grouping by
/// station, district or city is a look-up in a table of a few hundred entries rather than string
/// work per row.
public struct PathTable: Sendable {
    /// Path by index; every ancestor of a path is in the table too (`/` excepted).
    public private(set) var paths: [String] = []
    /// Index of the parent path (one component shorter), -1 for a top-level path.
    public private(set) var parents: [Int32] = []
    /// Components in the path minus one: 0 for a city, 1 district, 2 station, 3 community.
    public private(set) var depths: [UInt8] = []
    private var lookup: [String: Int32] = [:]

    public init() {}

    public var count: Int { paths.count }

    /// The index of `path` (which must start and end with `/`), adding it and its ancestors.
    public mutating func intern(_ path: String) -> Int32 {
        if let i = lookup[path] { return i }
        let components = path.split(separator: "/")
        var parent: Int32 = -1
        var prefix = "/"
        for (depth, c) in components.enumerated() {
            prefix += c + "/"
            if let i = lookup[prefix] {
                parent = i
                continue
            }
            let i = Int32(paths.count)
            paths.append(prefix)
            parents.append(parent)
            depths.append(UInt8(min(depth, 255)))
            lookup[prefix] = i
            parent = i
        }
        return parent
    }

    /// The index of `path` if it was interned.
    public func index(of path: String) -> Int32? { lookup[path] }

    /// The ancestor of `index` at `depth` (0 city, 1 district, 2 station), or `index` itself
    /// when the path is no deeper than that.
    public func ancestor(of index: Int32, depth: Int) -> Int32 {
        var i = index
        while i >= 0, Int(depths[Int(i)]) > depth { i = parents[Int(i)] }
        return i
    }

    /// Whether `index`'s path lies under `scope` (a path; `/` holds everything).
    public func isUnder(_ index: Int32, scope: String) -> Bool {
        paths[Int(index)].hasPrefix(scope)
    }

    /// The last component of a path: the jurisdiction's ID.
    public static func leaf(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
