import PinganCore

/// Mappings for the real public files in `shared/data` (see its README for their columns).
///
/// Category choices, documented once here because every report depends on them:
/// - Montgomery County 911 is a county EMS/fire/traffic feed. `EMS:` → `assistance` (求助),
///   `Traffic:` → `traffic`, `Fire:` → `fire`, with overrides: any `VEHICLE ACCIDENT` →
///   `traffic`, `ASSAULT VICTIM` → `criminal`, gas leaks and CO detectors → `disaster`, road
///   hazards → `disaster`. Priority 1 for life-threatening EMS (cardiac, respiratory,
///   unconscious, stroke, overdose, haemorrhage, seizures, choking) and building fires,
///   priority 2 for accidents and other EMS, 3 for alarms, disabled vehicles and obstructions.
/// - Seattle SPD (`Event Clearance Group`) and Chicago (`Primary Type`), SF (`category`): crimes
///   against persons → `criminal` priority 1-2, property crime → `criminal` 3, disorder,
///   narcotics, liquor, trespass → `publicOrder` 3, disturbances/threats → `dispute` 2,
///   suspicious → `suspicious` 2, collisions and traffic → `traffic`, lost property and
///   courtesy reports → `inquiry` 4, everything else → `other`.
extension ColumnMapping {
    public enum Preset: String, CaseIterable, Sendable {
        case montgomery, seattle, chicago, sf

        public var mapping: ColumnMapping {
            switch self {
            case .montgomery: .montgomery
            case .seattle: .seattle
            case .chicago: .chicago
            case .sf: .sanFrancisco
            }
        }

        /// The preset whose file name this looks like, for `--calls` without `--preset`.
        public static func guess(fileName: String) -> Preset? {
            let f = fileName.lowercased()
            if f.contains("montgomery") || f.contains("911.csv") { return .montgomery }
            if f.contains("seattle") { return .seattle }
            if f.contains("chicago") { return .chicago }
            if f.contains("sf_") || f.contains("san_francisco") || f.contains("sanfrancisco") { return .sf }
            return nil
        }
    }

    /// Montgomery County, PA 911 alerts 2015-16 (`montgomery_pa_911_calls_2015_2016.csv.gz`).
    public static let montgomery = ColumnMapping(
        name: "montgomery", timeColumn: "timeStamp", timeFormat: .isoDateTime, latColumn: "lat", lonColumn: "lng",
        categoryColumn: "title",
        categoryRules: [
            .init(.contains, "VEHICLE ACCIDENT", "traffic", .p2),
            .init(.contains, "VEHICLE FIRE", "fire", .p2),
            .init(.contains, "ASSAULT VICTIM", "criminal", .p1),
            .init(.contains, "SHOOTING", "criminal", .p1),
            .init(.contains, "STABBING", "criminal", .p1),
            .init(.contains, "GAS-ODOR", "disaster", .p2),
            .init(.contains, "CARBON MONOXIDE", "disaster", .p2),
            .init(.contains, "HAZARDOUS ROAD", "disaster", .p3),
            .init(.contains, "BUILDING FIRE", "fire", .p1),
            .init(.contains, "FIRE ALARM", "fire", .p3),
            .init(.contains, "CARDIAC", "assistance", .p1),
            .init(.contains, "RESPIRATORY", "assistance", .p1),
            .init(.contains, "UNCONSCIOUS", "assistance", .p1),
            .init(.contains, "UNRESPONSIVE", "assistance", .p1),
            .init(.contains, "CVA/STROKE", "assistance", .p1),
            .init(.contains, "OVERDOSE", "assistance", .p1),
            .init(.contains, "HEMORRHAGING", "assistance", .p1),
            .init(.contains, "SEIZURES", "assistance", .p1),
            .init(.contains, "CHOKING", "assistance", .p1),
            .init(.prefix, "EMS:", "assistance", .p2),
            .init(.contains, "DISABLED VEHICLE", "traffic", .p3),
            .init(.prefix, "TRAFFIC:", "traffic", .p3),
            .init(.prefix, "FIRE:", "fire", .p2),
        ],
        validArea: GeoBox(minLat: 39.9, maxLat: 40.6, minLon: -75.8, maxLon: -74.9))

    /// Seattle SPD 911 incident response sample, 2016-03-25. Only the clearance time exists, so
    /// it stands in for the call time.
    public static let seattle = ColumnMapping(
        name: "seattle", timeColumn: "Event Clearance Date", timeFormat: .usDateTime12h,
        latColumn: "Latitude", lonColumn: "Longitude", categoryColumn: "Event Clearance Group",
        categoryRules: [
            .init(.contains, "COLLISION", "traffic", .p2),
            .init(.contains, "TRAFFIC", "traffic", .p3),
            .init(.contains, "SUSPICIOUS", "suspicious", .p2),
            .init(.contains, "DISTURBANCE", "dispute", .p2),
            .init(.contains, "THREATS", "dispute", .p2),
            .init(.contains, "ROBBERY", "criminal", .p1),
            .init(.contains, "ASSAULT", "criminal", .p1),
            .init(.contains, "WEAPON", "criminal", .p1),
            .init(.contains, "PROPERTY - MISSING", "inquiry", .p4),
            .init(.contains, "PERSONS - LOST", "assistance", .p2),
            .init(.contains, "PERSON DOWN", "assistance", .p1),
            .init(.contains, "BEHAVIORAL", "assistance", .p2),
            .init(.contains, "HAZARD", "disaster", .p3),
            .init(.contains, "FALSE ALA", "other", .p4),
            .init(.contains, "ANIMAL", "complaint", .p4),
            .init(.contains, "LIQUOR", "publicOrder", .p3),
            .init(.contains, "NUISANCE", "publicOrder", .p3),
            .init(.contains, "TRESPASS", "publicOrder", .p3),
            .init(.contains, "NARCOTICS", "publicOrder", .p3),
            .init(.contains, "PROSTITUTION", "publicOrder", .p3),
            .init(.contains, "LEWD", "publicOrder", .p3),
            .init(.contains, "MISDEMEANOR", "publicOrder", .p3),
            .init(.contains, "PROWL", "criminal", .p3),
            .init(.contains, "SHOPLIFT", "criminal", .p3),
            .init(.contains, "THEFT", "criminal", .p3),
            .init(.contains, "BURGLARY", "criminal", .p2),
            .init(.contains, "PROPERTY", "criminal", .p3),
            .init(.contains, "FRAUD", "criminal", .p3),
            .init(.contains, "BIKE", "criminal", .p3),
            .init(.contains, "ARREST", "criminal", .p3),
        ],
        validArea: GeoBox(minLat: 47.3, maxLat: 47.9, minLon: -122.6, maxLon: -122.0))

    /// Chicago "Crimes - 2001 to present", 10 000 rows of 2015 (`Date` is the occurrence time).
    public static let chicago = ColumnMapping(
        name: "chicago", timeColumn: "Date", timeFormat: .usDateTime12h, latColumn: "Latitude", lonColumn: "Longitude",
        categoryColumn: "Primary Type",
        categoryRules: [
            .init(.contains, "HOMICIDE", "criminal", .p1),
            .init(.contains, "ROBBERY", "criminal", .p1),
            .init(.contains, "SEXUAL", "criminal", .p1),
            .init(.contains, "KIDNAPPING", "criminal", .p1),
            .init(.contains, "WEAPONS", "criminal", .p1),
            .init(.contains, "CONCEALED CARRY", "criminal", .p2),
            .init(.equals, "ASSAULT", "criminal", .p2),
            .init(.equals, "BATTERY", "criminal", .p2),
            .init(.contains, "ARSON", "fire", .p1),
            .init(.contains, "CHILDREN", "criminal", .p2),
            .init(.contains, "STALKING", "dispute", .p2),
            .init(.contains, "INTIMIDATION", "dispute", .p2),
            .init(.contains, "NON-CRIMINAL", "other", .p4),
            .init(.contains, "OTHER OFFENSE", "other", .p3),
            .init(.contains, "NARCOTICS", "publicOrder", .p3),
            .init(.contains, "PROSTITUTION", "publicOrder", .p3),
            .init(.contains, "PUBLIC PEACE", "publicOrder", .p3),
            .init(.contains, "LIQUOR", "publicOrder", .p3),
            .init(.contains, "GAMBLING", "publicOrder", .p3),
            .init(.contains, "TRESPASS", "publicOrder", .p3),
            .init(.contains, "CRIMINAL DAMAGE", "publicOrder", .p3),
            .init(.contains, "INTERFERENCE", "publicOrder", .p3),
            .init(.contains, "THEFT", "criminal", .p3),
            .init(.contains, "BURGLARY", "criminal", .p2),
            .init(.contains, "DECEPTIVE", "criminal", .p3),
            .init(.contains, "SEX OFFENSE", "criminal", .p2),
        ],
        validArea: GeoBox(minLat: 41.6, maxLat: 42.1, minLon: -88.0, maxLon: -87.5))

    /// San Francisco police incident points 2026 (date only).
    public static let sanFrancisco = ColumnMapping(
        name: "sf", timeColumn: "date", timeFormat: .isoDate, latColumn: "lat", lonColumn: "lng", categoryColumn: "category",
        categoryRules: [
            .init(.contains, "HOMICIDE", "criminal", .p1),
            .init(.equals, "RAPE", "criminal", .p1),
            .init(.contains, "HUMAN TRAFFICKING", "criminal", .p1),
            .init(.contains, "ROBBERY", "criminal", .p1),
            .init(.contains, "WEAPON", "criminal", .p1),
            .init(.equals, "ASSAULT", "criminal", .p2),
            .init(.contains, "SEX OFFENSE", "criminal", .p2),
            .init(.contains, "ARSON", "fire", .p1),
            .init(.contains, "FIRE REPORT", "fire", .p3),
            .init(.contains, "SUICIDE", "assistance", .p1),
            .init(.contains, "MISSING PERSON", "assistance", .p2),
            .init(.contains, "FAMILY", "dispute", .p2),
            .init(.contains, "TRAFFIC", "traffic", .p3),
            .init(.contains, "VEHICLE IMPOUNDED", "traffic", .p4),
            .init(.contains, "RECOVERED VEHICLE", "traffic", .p4),
            .init(.contains, "VEHICLE MISPLACED", "traffic", .p4),
            .init(.contains, "SUSPICIOUS", "suspicious", .p2),
            .init(.contains, "LOST PROPERTY", "inquiry", .p4),
            .init(.contains, "COURTESY", "inquiry", .p4),
            .init(.contains, "CIVIL SIDEWALKS", "complaint", .p4),
            .init(.contains, "DRUG", "publicOrder", .p3),
            .init(.contains, "DISORDERLY", "publicOrder", .p3),
            .init(.contains, "MISCHIEF", "publicOrder", .p3),
            .init(.contains, "VANDALISM", "publicOrder", .p3),
            .init(.contains, "PROSTITUTION", "publicOrder", .p3),
            .init(.contains, "LIQUOR", "publicOrder", .p3),
            .init(.contains, "GAMBLING", "publicOrder", .p3),
            .init(.contains, "THEFT", "criminal", .p3),
            .init(.contains, "BURGLARY", "criminal", .p2),
            .init(.contains, "FRAUD", "criminal", .p3),
            .init(.contains, "FORGERY", "criminal", .p3),
            .init(.contains, "EMBEZZLEMENT", "criminal", .p3),
            .init(.contains, "STOLEN PROPERTY", "criminal", .p3),
            .init(.contains, "WARRANT", "criminal", .p3),
            .init(.contains, "NON-CRIMINAL", "other", .p4),
            .init(.contains, "CASE CLOSURE", "other", .p4),
            .init(.contains, "MISCELLANEOUS", "other", .p4),
            .init(.contains, "OTHER", "other", .p4),
            .init(.contains, "UNKNOWN", "other", .p4),
        ],
        defaultPriority: .p4,
        validArea: GeoBox(minLat: 37.6, maxLat: 37.85, minLon: -122.55, maxLon: -122.35))
}
