package regdate

import (
	"strings"
	"time"
)

// dateLayouts are the date forms seen in RDAP and WHOIS answers.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05-0700",
	"2006-01-02T15:04:05.0Z",
	"2006-01-02T15:04:05",
	"2006-01-02-T15:04:05Z",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05-07",
	"2006-01-02 15:04:05-07:00",
	"2006-01-02 15:04:05 (MST-07:00)",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006.01.02 15:04:05",
	"2006.01.02",
	"2006/01/02 15:04:05 (MST)",
	"2006/01/02 15:04:05",
	"2006/01/02",
	"02-Jan-2006",
	"02-January-2006",
	"02.01.2006 15:04:05",
	"02.01.2006",
	"02/01/2006",
	// ES-NIC (whois.nic.es): "Creation Date: 16/09/03", day/month/
	// two-digit year like every slashed day-first form here.
	"02/01/06",
	"20060102",
	"January 2 2006",
	"Mon Jan 2 15:04:05 MST 2006",
	"Mon Jan 2 2006",
	"02 Jan 2006",
	"2 January 2006",
	"Jan 2 2006",
	"before Aug-1996",
}

// parseDate reads a date in one of the usual layouts and returns it in UTC.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ".")
	if i := strings.Index(s, " #"); i >= 0 {
		s = s[:i]
	}
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return sane(t)
		}
	}
	// Trailing words ("2019-01-01 (YYYY-MM-DD)", "2001-06-14 UTC").
	if f := strings.Fields(s); len(f) > 1 {
		for n := len(f) - 1; n >= 1; n-- {
			p := strings.Join(f[:n], " ")
			for _, l := range dateLayouts {
				if t, err := time.Parse(l, p); err == nil {
					return sane(t)
				}
			}
		}
	}
	return time.Time{}, false
}

// sane rejects dates before the first domain registrations.
func sane(t time.Time) (time.Time, bool) {
	if t.Year() < 1980 || t.Year() > 2200 {
		return time.Time{}, false
	}
	return t.UTC(), true
}
