import PinganCore

/// How to read one call file: which columns hold the time, the position and the category, and
/// how the file's own category names map onto Pingan's 11 codes and 4 priorities.
///
/// Public call data comes in a different schema from every city; a mapping value (with presets
/// for the files we test against, and JSON for new ones) keeps the reader itself schema-free.
public struct ColumnMapping: Codable, Sendable, Equatable {
    public var name: String
    public var timeColumn: String
    public var timeFormat: TimeFormat
    public var latColumn: String
    public var lonColumn: String
    public var categoryColumn: String
    /// Tried in order; the first rule that matches the (upper-cased) category text wins.
    public var categoryRules: [CategoryRule]
    public var defaultCategory: String
    public var defaultPriority: Priority
    /// A column holding 1...4, when the file has priorities; it overrides the rules' priority.
    public var priorityColumn: String?
    /// Rows outside this box are counted as "outside the map" and skipped (bad geocodes).
    public var validArea: GeoBox?

    public init(name: String, timeColumn: String, timeFormat: TimeFormat, latColumn: String, lonColumn: String,
                categoryColumn: String, categoryRules: [CategoryRule], defaultCategory: String = "other",
                defaultPriority: Priority = .p3, priorityColumn: String? = nil, validArea: GeoBox? = nil) {
        self.name = name
        self.timeColumn = timeColumn
        self.timeFormat = timeFormat
        self.latColumn = latColumn
        self.lonColumn = lonColumn
        self.categoryColumn = categoryColumn
        self.categoryRules = categoryRules
        self.defaultCategory = defaultCategory
        self.defaultPriority = defaultPriority
        self.priorityColumn = priorityColumn
        self.validArea = validArea
    }

    /// The columns the mapping needs, for the "missing columns" message.
    public var requiredColumns: [String] {
        [timeColumn, latColumn, lonColumn, categoryColumn] + (priorityColumn.map { [$0] } ?? [])
    }

    /// Category index and priority for a raw category text.
    public func classify(_ raw: String) -> (category: Int8, priority: Priority) {
        let upper = raw.uppercased()
        for r in categoryRules where r.matches(upper) {
            return (CallCategories.index(of: r.category) ?? CallCategories.index(of: "other")!, r.priority)
        }
        return (CallCategories.index(of: defaultCategory) ?? CallCategories.index(of: "other")!, defaultPriority)
    }

    /// Codes used by rules that are not among Pingan's 11 (a mapping typo), for validation.
    public var unknownCategoryCodes: [String] {
        (categoryRules.map(\.category) + [defaultCategory]).filter { CallCategories.index(of: $0) == nil }
    }
}

/// One line of a category mapping: "titles starting with `EMS:` are assistance, priority 2".
public struct CategoryRule: Codable, Sendable, Equatable {
    public enum Match: String, Codable, Sendable { case prefix, contains, equals }
    public var match: Match
    /// Upper-case text to look for.
    public var text: String
    public var category: String
    public var priority: Priority

    public init(_ match: Match, _ text: String, _ category: String, _ priority: Priority) {
        self.match = match
        self.text = text.uppercased()
        self.category = category
        self.priority = priority
    }

    func matches(_ upper: String) -> Bool {
        switch match {
        case .prefix: upper.hasPrefix(text)
        case .contains: upper.contains(text)
        case .equals: upper == text
        }
    }
}
