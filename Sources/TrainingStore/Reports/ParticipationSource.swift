import Foundation
import Postgres
import TrainingCore
import UUIDText

/// The participation base of every report: common table expressions that yield one row per
/// participation (person, event) after the filters and the min_days_present rule, so
/// Participation, ComputeIndicators and PlanFunnel count the same thing. All three read the
/// kept base (`.kept`, sql/0014), refreshed in their snapshot; `.computed` is its definition
/// from the base tables, which `ParticipationBaseTests` holds the kept base to.
///
/// How to use it: start a `ReportSQL` with "WITH ", let `appendCTEs(to:)` add the CTEs,
/// then select from `participation`:
///
///     var sql = ReportSQL()
///     sql.append("WITH ")
///     ParticipationSource(filter: filter, base: .kept(eventNames: false)).appendCTEs(to: &sql)
///     let female = sql.bind("female")    // bind first, then splice the placeholder
///     sql.append(" SELECT count(DISTINCT person_id) AS persons FROM participation WHERE sex = \(female)")
///     let rows = try c.query(sql.query)
///
/// Run it in `ReportStore.inSnapshot` (one snapshot, the settings it needs to be fast, and
/// the kept base brought up to date).
/// Add your own CTEs after it with ", mine AS (...)". Columns of `participation`:
/// - event_id uuid, event_code text, event_title text, event_status text, first_day date,
///   last_day date, venue_municipality text;
/// - person_id uuid (merged people's registrations and attendance move to the survivor, so a
///   merged person is one person here), sex text, birth_year int (NULL: unknown),
///   age int (year of first_day minus birth_year; NULL: unknown);
/// - category text, participant_municipality text (both as recorded on the registration;
///   the municipality NULL when none was recorded);
/// - invite_role text: target | neighbour (invited) | venue (the venue, not invited) | other;
/// - municipality_code, district, oblast text: the place of the filter's `geography` basis
///   (the participant's municipality or the venue), NULL when unknown (no municipality, or a
///   city outside any district);
/// - from the kept base only: place text, the basis municipality unchecked against the
///   gazetteer (the Participation report derives its places from it in the daemon).
///
/// Why this shape: attendance is the big table (millions of marks), so it is read once,
/// event by event, with an index-only scan of attendance_attended_idx that comes out ordered
/// by person, so the count of days per (event, person) streams without a sort or a hash of
/// every pair (half the time of one big GROUP BY on 1.8 million marks), and the event's
/// registrations are fetched by index in the same step (no scan of every registration);
/// only then is it joined to person and the gazetteer. rpt_event and rpt_attended are
/// MATERIALIZED so those joins hash whole tables instead of repeating per event, and
/// `ReportStore.inSnapshot`'s settings keep the planner to hash joins and off JIT. Every
/// filter value is bound; a nil filter binds NULL and its clause folds away when PostgreSQL
/// plans the statement.
struct ParticipationSource {
    /// Where the participations come from.
    enum Base {
        /// Computed from attendance, registrations, people and invitations.
        case computed
        /// Read from the kept base (`report_participation`, sql/0014); only after
        /// `ParticipationBase.refresh` in the same snapshot. `eventNames`: join the events for
        /// event_code and event_title (NULL otherwise), which only grouping by event needs.
        case kept(eventNames: Bool)
    }

    let filter: ParticipationFilter
    let base: Base

    init(filter: ParticipationFilter, base: Base) {
        self.filter = filter
        self.base = base
    }

    /// Appends `rpt_event AS (...), rpt_attended AS (...), participation AS (...)` (no WITH,
    /// no trailing comma); from the kept base, only `participation AS (...)`.
    func appendCTEs(to sql: inout ReportSQL) {
        let statuses = sql.bind(filter.eventStatuses.map(\.rawValue))
        let from = sql.bind(filter.from)
        let to = sql.bind(filter.to)
        let events = sql.bind(filter.eventIDs?.map { $0.lowercasedText })
        let minDays = sql.bind(filter.minDaysPresent)
        let categories = sql.bind(filter.categories?.map(\.rawValue))
        let roles = sql.bind(filter.inviteRoles?.map(\.rawValue))
        let oblasts = sql.bind(filter.oblasts)
        let districts = sql.bind(filter.districts)
        let municipalities = sql.bind(filter.municipalities)
        switch base {
        case .computed:
            sql.append(computedCTEs(statuses: statuses, from: from, to: to, events: events, minDays: minDays))
        case .kept(let eventNames):
            sql.append("participation AS (\n    SELECT * FROM (")
            sql.append(keptRows(statuses: statuses, from: from, to: to, events: events, minDays: minDays, eventNames: eventNames))
        }
        sql.append("""
                ) AS q
                WHERE (\(categories)::text[] IS NULL OR q.category = ANY(\(categories)::text[]))
                  AND (\(roles)::text[] IS NULL OR q.invite_role = ANY(\(roles)::text[]))
                  AND (\(oblasts)::text[] IS NULL OR q.oblast = ANY(\(oblasts)::text[]))
                  AND (\(districts)::text[] IS NULL OR q.district = ANY(\(districts)::text[]))
                  AND (\(municipalities)::text[] IS NULL OR q.municipality_code = ANY(\(municipalities)::text[]))
            )
            """)
    }

    /// The participation rows read from the kept base, with the event filters applied, and
    /// `place`: the municipality of the geography basis, unchecked against the gazetteer.
    private func keptRows(statuses: String, from: String, to: String, events: String, minDays: String, eventNames: Bool) -> String {
        let place = filter.geography == .venue ? "x.venue_municipality" : "x.municipality_code"
        let (code, title) = eventNames ? ("e.code", "e.title") : ("NULL::text", "NULL::text")
        let join = eventNames ? "JOIN event e ON e.id = x.event_id" : ""
        return """

                    SELECT x.event_id, \(code) AS event_code, \(title) AS event_title,
                           x.event_status, x.first_day, x.last_day, x.venue_municipality,
                           x.person_id, x.sex, x.birth_year,
                           extract(year FROM x.first_day)::int - x.birth_year AS age,
                           x.category, x.municipality_code AS participant_municipality, x.invite_role,
                           \(place) AS place,
                           g.code AS municipality_code, g.district_code AS district, g.oblast_code AS oblast
                    FROM report_participation x
                    \(join)
                    LEFT JOIN municipality g ON g.code = \(place)
                    WHERE x.event_status = ANY(\(statuses)::text[])
                      AND (\(from)::date IS NULL OR x.first_day >= \(from)::date)
                      AND (\(to)::date IS NULL OR x.first_day <= \(to)::date)
                      AND (\(events)::uuid[] IS NULL OR x.event_id = ANY(\(events)::uuid[]))
                      AND x.days >= least(\(minDays)::int, x.last_day - x.first_day + 1)
            """
    }

    /// rpt_event, rpt_attended and the head of participation, computed from the base tables.
    private func computedCTEs(statuses: String, from: String, to: String, events: String, minDays: String) -> String {
        let place = filter.geography == .venue ? "e.venue_municipality" : "x.municipality_code"
        return """
            rpt_event AS MATERIALIZED (
                SELECT e.id, e.code, e.title, e.status, e.first_day, e.last_day, e.venue_municipality
                FROM event e
                WHERE e.status = ANY(\(statuses)::text[])
                  AND (\(from)::date IS NULL OR e.first_day >= \(from)::date)
                  AND (\(to)::date IS NULL OR e.first_day <= \(to)::date)
                  AND (\(events)::uuid[] IS NULL OR e.id = ANY(\(events)::uuid[]))
            ),
            rpt_attended AS MATERIALIZED (
                SELECT e.id AS event_id, x.person_id, x.category, x.municipality_code
                FROM rpt_event e CROSS JOIN LATERAL (
                    SELECT r.person_id, r.category, r.municipality_code
                    FROM (
                        SELECT a.person_id, count(*) AS days
                        FROM attendance a
                        WHERE a.event_id = e.id AND a.status IN ('present', 'late') AND a.day BETWEEN e.first_day AND e.last_day
                        GROUP BY a.person_id
                    ) AS d
                    JOIN registration r ON r.event_id = e.id AND r.person_id = d.person_id
                    WHERE d.days >= least(\(minDays)::int, e.last_day - e.first_day + 1)
                ) AS x
            ),
            participation AS (
                SELECT * FROM (
                    SELECT e.id AS event_id, e.code AS event_code, e.title AS event_title, e.status AS event_status,
                           e.first_day, e.last_day, e.venue_municipality,
                           p.id AS person_id, p.sex, p.birth_year,
                           extract(year FROM e.first_day)::int - p.birth_year AS age,
                           x.category, x.municipality_code AS participant_municipality,
                           CASE WHEN em.role IS NOT NULL THEN em.role
                                WHEN x.municipality_code = e.venue_municipality THEN 'venue'
                                ELSE 'other' END AS invite_role,
                           g.code AS municipality_code, g.district_code AS district, g.oblast_code AS oblast
                    FROM rpt_attended x
                    JOIN rpt_event e ON e.id = x.event_id
                    JOIN person p ON p.id = x.person_id
                    LEFT JOIN event_municipality em ON em.event_id = x.event_id AND em.municipality_code = x.municipality_code
                    LEFT JOIN municipality g ON g.code = \(place)
            """
    }
}
