package regdate

import (
	"context"
	"strings"
	"testing"
	"time"
)

// recorded lists the recorded real WHOIS answers and the creation date in
// each (from whois-parser's expected .json), "" when the answer has none.
var recorded = []struct {
	file, domain, want string
}{
	{"com_google.com.txt", "google.com", "1997-09-15"},
	{"com_git.com.txt", "git.com", "2001-06-14"},
	{"net_gandi.net.txt", "gandi.net", "1999-05-21"},
	{"net_he.net.txt", "he.net", "1995-07-31"},
	{"org_github.org.txt", "github.org", "2008-02-09"},
	{"info_github.info.txt", "github.info", "2014-01-05"},
	{"xyz_google.xyz.txt", "google.xyz", "2014-05-20"},
	{"top_google.top.txt", "google.top", "2015-04-09"},
	{"ru_yandex.ru.txt", "yandex.ru", "1997-09-23"},
	{"de_google.de.txt", "google.de", ""}, // DENIC publishes no date
	{"fr_ovh.fr.txt", "ovh.fr", "1999-11-11"},
	{"br_unip.br.txt", "unip.br", "1999-07-17"},
	{"cn_apple.cn.txt", "apple.cn", "2003-03-17"},
	{"uk_google.uk.txt", "google.uk", "2014-06-11"},
	{"io_golang.io.txt", "golang.io", "2013-01-24"},
	{"co_google.co.txt", "google.co", "2010-02-25"},
	// ES-NIC, day/month/two-digit year; the expected date is ruby whois's
	// (and flipbit/whois's) for this sample.
	{"es_google.es.txt", "google.es", "2003-09-16"},
}

// TestRecordedWHOIS serves each recorded answer from a WHOIS server on
// 127.0.0.1 and checks the exact creation date.
func TestRecordedWHOIS(t *testing.T) {
	table := map[string]string{}
	for _, r := range recorded {
		table[r.domain] = readTestdata(t, "whois/"+r.file)
	}
	srv := startWHOIS(t, table)
	m := &netMap{}
	l := newTestLookup(t, m, Options{WHOISServer: srv.addr(), RDAPURL: ""})
	withDate, ok := 0, 0
	for _, r := range recorded {
		res := l.Date(context.Background(), r.domain)
		got := ""
		if res.Known() {
			got = res.Registered.Format("2006-01-02")
		}
		if r.want != "" {
			withDate++
		}
		if got != r.want {
			t.Errorf("%s: got %q (%s), want %q", r.file, got, res.Err, r.want)
			continue
		}
		if r.want != "" {
			ok++
			if res.Source != SourceWHOIS {
				t.Errorf("%s: source %q", r.file, res.Source)
			}
		} else if res.Err == "" {
			t.Errorf("%s: unknown date without an error", r.file)
		}
	}
	t.Logf("parse success on recorded WHOIS answers with a creation date: %d/%d", ok, withDate)
}

// TestIANAReferral: without --whois-server, IANA names the TLD's server;
// IANA's own TLD creation date (1985) is never taken.
func TestIANAReferral(t *testing.T) {
	iana := startWHOIS(t, map[string]string{"com": readTestdata(t, "whois/com_com.txt")})
	reg := startWHOIS(t, map[string]string{"google.com": readTestdata(t, "whois/com_google.com.txt")})
	m := &netMap{}
	m.route("whois.iana.org:43", iana.addr())
	m.route("whois.verisign-grs.com:43", reg.addr())
	// whois.markmonitor.com (the registrar) is unreachable: the
	// registry's date stands.
	l := newTestLookup(t, m, Options{})
	res := l.Date(context.Background(), "google.com")
	if got := res.Registered.Format("2006-01-02"); got != "1997-09-15" {
		t.Fatalf("got %s (%s)", got, res.Err)
	}
	// A server that answers IANA's TLD record for a domain gives no date.
	bad := startWHOIS(t, map[string]string{"example.com": readTestdata(t, "whois/com_com.txt")})
	l2 := newTestLookup(t, &netMap{}, Options{WHOISServer: bad.addr()})
	if r := l2.Date(context.Background(), "example.com"); r.Known() {
		t.Fatalf("took IANA's TLD date: %v", r.Registered)
	}
}

func TestWHOISNotFoundAndRateLimit(t *testing.T) {
	srv := startWHOIS(t, map[string]string{
		"likexian-have-no-money-to-register.com": readTestdata(t, "whois/notfound_com.txt"),
		"busy.ru":                                "%% Query rate limit exceeded. Reduced information.\n",
	})
	l := newTestLookup(t, &netMap{}, Options{WHOISServer: srv.addr()})
	r := l.Date(context.Background(), "likexian-have-no-money-to-register.com")
	if !r.NotFound || r.Known() {
		t.Fatalf("not found: %+v", r)
	}
	r = l.Date(context.Background(), "busy.ru")
	if r.Known() || !strings.Contains(r.Err, "rate limiting") {
		t.Fatalf("rate limit: %+v", r)
	}
	// The server is now backed off: the next query is not sent.
	n := srv.queries.Load()
	r = l.Date(context.Background(), "other.ru")
	if srv.queries.Load() != n || !strings.Contains(r.Err, "rate limiting") {
		t.Fatalf("backed-off server was asked again: %+v", r)
	}
}

func TestParseDateForms(t *testing.T) {
	for in, want := range map[string]string{
		"2001-06-14-T10:32:43Z": "2001-06-14", "19990717 #175298": "1999-07-17", "11-Jun-2014": "2014-06-11",
		"2003-03-17 12:20:05": "2003-03-17", "2008-02-09T02:07:00.00Z": "2008-02-09", "1997-09-15T00:00:00-0700": "1997-09-15",
		"16/09/03": "2003-09-16", "16/09/2003": "2003-09-16",
	} {
		got, ok := parseDate(in)
		if !ok || got.Format("2006-01-02") != want {
			t.Errorf("%q: got %v %v, want %s", in, got, ok, want)
		}
	}
	_ = time.Now
}
