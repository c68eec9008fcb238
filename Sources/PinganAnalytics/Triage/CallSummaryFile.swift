import Foundation
import PinganCore
import PinganGeo

/// Reads a call file into `CallSummary`s for offline duplicate clustering and the triage
/// benchmark.
///
/// `CallFileReader` keeps only what the replay needs (time, place, category, priority) in a
/// compact record; duplicate detection needs the text as well, and an id, the place as written
/// and a number when the file has them. This reader walks the same rows (`CallFileRows`) with
/// the same `ColumnMapping` (time format, columns, category rules, valid area) and the same skip
/// reasons, and takes the extra columns from `TextColumns`, with presets for the public files.
///
/// Times: the files carry local wall-clock times without a zone; they become `Date`s as if they
/// were UTC. Only differences between calls matter here, and those come out right.
public struct CallSummaryFile: Sendable {
    /// The columns that hold the text, id, place, number and area of a call.
    public struct TextColumns: Sendable, Equatable, Codable {
        /// Joined with " / " into the description (the category column may be one of them).
        public var description: [String]
        /// Joined with ", " into the place as written, for reports.
        public var place: [String]
        /// A unique call number; without it, the call is named by its line in the file.
        public var id: String?
        public var phone: String?
        /// An area name (township, district) that becomes the jurisdiction path `/<name>/`.
        public var area: String?

        public init(description: [String], place: [String] = [], id: String? = nil, phone: String? = nil, area: String? = nil) {
            self.description = description
            self.place = place
            self.id = id
            self.phone = phone
            self.area = area
        }

        /// The columns of the public files of `shared/data`.
        public static func preset(_ preset: ColumnMapping.Preset) -> TextColumns {
            switch preset {
            case .montgomery: TextColumns(description: ["title"], place: ["addr", "twp"], area: "twp")
            case .seattle: TextColumns(description: ["Initial Type Description", "Event Clearance Description"],
                                       place: ["Hundred Block Location"], id: "CAD Event Number", area: "District/Sector")
            case .chicago: TextColumns(description: ["Primary Type", "Description"], place: ["Block"], id: "ID", area: "District")
            case .sf: TextColumns(description: ["category"], id: "id")
            }
        }
    }

    public struct Result: Sendable {
        /// In file order; every one is `open` (a file has no status, and an incident of the last
        /// two hours usually is still open when the next call comes).
        public var calls: [CallSummary]
        /// The place as written, parallel to `calls`.
        public var places: [String]
        /// The raw category text (Montgomery's "EMS: FALL VICTIM"), parallel to `calls`.
        public var titles: [String]
        public var header: [String]
        public var rowsRead = 0
        public var skipped: [CallFileReader.SkipReason: Int] = [:]
        /// `line N: reason` for the first few bad rows.
        public var notices: [String] = []
        public var skippedTotal: Int { skipped.values.reduce(0, +) }
    }

    public let mapping: ColumnMapping
    public let columns: TextColumns
    public let options: CallFileReader.Options

    public init(mapping: ColumnMapping, columns: TextColumns, options: CallFileReader.Options = .init()) {
        self.mapping = mapping
        self.columns = columns
        self.options = options
    }

    /// The mapping and columns of a preset.
    public init(preset: ColumnMapping.Preset, options: CallFileReader.Options = .init()) {
        self.init(mapping: preset.mapping, columns: .preset(preset), options: options)
    }

    public func read(path: String) throws(AnalyticsError) -> Result {
        if let bad = mapping.unknownCategoryCodes.first {
            throw AnalyticsError(.badPlan, "mapping '\(mapping.name)' uses unknown category code '\(bad)'")
        }
        let rows = try CallFileRows(path: path, mapping: mapping)
        let wanted = mapping.requiredColumns + columns.description + columns.place + [columns.id, columns.phone, columns.area].compactMap { $0 }
        var distinct: [String] = []
        for name in wanted where !distinct.contains(name) { distinct.append(name) }
        try rows.require(distinct)
        let column = rows.column
        let ci = column(mapping.categoryColumn)!
        let di = columns.description.map { column($0)! }, pi = columns.place.map { column($0)! }
        let ii = columns.id.flatMap(column), phi = columns.phone.flatMap(column), ai = columns.area.flatMap(column)

        var result = Result(calls: [], places: [], titles: [], header: rows.header)
        var categories: [String: String] = [:]
        let tally = try rows.forEach(options: options, readingColumns: [ci] + di + pi + [ii, phi, ai].compactMap { $0 }) { row in
            let csv = row.csv
            func text(_ indices: [Int], separator: String) -> String? {
                var parts: [String] = []
                for i in indices {
                    guard let s = csv.string(i) else { return nil }
                    let t = s.trimmingSpaces
                    if !t.isEmpty { parts.append(t) }
                }
                return parts.joined(separator: separator)
            }
            guard let raw = csv.string(ci), let description = text(di, separator: " / "), let place = text(pi, separator: ", ") else {
                return CallFileRows.Skip(.invalidUTF8, "a text column is not valid UTF-8")
            }
            let category: String
            if let known = categories[raw] {
                category = known
            } else {
                category = CallCategories.codes[Int(mapping.classify(raw).category)]
                categories[raw] = category
            }
            let id = ii.flatMap { csv.string($0)?.trimmingSpaces }.flatMap { $0.isEmpty ? nil : $0 } ?? "line \(csv.recordLine)"
            let phone = phi.flatMap { csv.string($0) }
            let area = ai.flatMap { csv.string($0)?.trimmingSpaces } ?? ""
            result.calls.append(CallSummary(id: id, receivedAt: Date(timeIntervalSince1970: TimeInterval(row.time)), location: row.coordinate,
                                            callerPhone: phone, category: category, description: description,
                                            path: area.isEmpty ? "/" : "/\(area)/", open: true))
            result.places.append(place)
            result.titles.append(raw)
            return nil
        }
        result.rowsRead = tally.rowsRead
        result.skipped = tally.skipped
        result.notices = tally.notices
        return result
    }
}
