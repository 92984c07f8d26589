package regdate

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRDAPRecorded(t *testing.T) {
	body := readTestdata(t, "rdap/nic.cz_example.cz.json")
	srv := rdapServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/domain/example.cz" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rdap+json")
		_, _ = w.Write([]byte(body))
	})
	l := newTestLookup(t, &netMap{}, Options{RDAPURL: srv.URL})
	r := l.Date(context.Background(), "example.cz")
	if r.Source != SourceRDAP || r.Registered.Format(time.RFC3339) != "2004-08-30T22:55:00Z" {
		t.Fatalf("%+v", r)
	}
	// 404: not registered, and WHOIS is not asked.
	r = l.Date(context.Background(), "nothing-here.cz")
	if !r.NotFound {
		t.Fatalf("404: %+v", r)
	}
}

// TestRDAPRegistrarLink: the registry gives no date; its "related" link
// to the registrar's RDAP server does.
func TestRDAPRegistrarLink(t *testing.T) {
	full := readTestdata(t, "rdap/nic.cz_example.cz.json")
	var srvURL string
	srv := rdapServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/domain/example.cz":
			// The recorded answer without its events, with a related link.
			var obj map[string]any
			_ = json.Unmarshal([]byte(full), &obj)
			delete(obj, "events")
			obj["links"] = []any{map[string]any{"rel": "related", "type": "application/rdap+json", "href": srvURL + "/registrar/domain/example.cz"}}
			_ = json.NewEncoder(w).Encode(obj)
		case "/registrar/domain/example.cz":
			_, _ = w.Write([]byte(full))
		default:
			http.NotFound(w, r)
		}
	})
	srvURL = srv.URL
	l := newTestLookup(t, &netMap{}, Options{RDAPURL: srv.URL})
	r := l.Date(context.Background(), "example.cz")
	if r.Registered.Format("2006-01-02") != "2004-08-30" {
		t.Fatalf("%+v", r)
	}
}

func TestHostileServers(t *testing.T) {
	good := startWHOIS(t, map[string]string{"brokenfallback.com": readTestdata(t, "whois/com_google.com.txt")})
	hang := startWHOIS(t, nil)
	hang.answer = func(q string, c net.Conn) { time.Sleep(5 * time.Second) }
	flood := startWHOIS(t, nil)
	flood.answer = func(q string, c net.Conn) {
		chunk := []byte(strings.Repeat("Registrar: flood\n", 4096))
		for i := 0; i < 1000; i++ { // ~70 MB unless the client stops reading
			if _, err := c.Write(chunk); err != nil {
				return
			}
		}
	}
	garbage := startWHOIS(t, nil)
	garbage.answer = func(q string, c net.Conn) { _, _ = c.Write([]byte("\x00\x01\x02\xff\xfe binary \x00\x00\x07\x08")) }
	loop := startWHOIS(t, nil)
	loop.answer = func(q string, c net.Conn) { _, _ = c.Write([]byte("Registrar WHOIS Server: whois.loop.test\n")) }
	m := &netMap{}
	m.route("whois.loop.test:43", loop.addr())

	var hits sync.Map
	rdap := rdapServer(t, func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/domain/")
		hits.Store(name, true)
		switch {
		case strings.HasPrefix(name, "ratelimited"):
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusTooManyRequests)
		case strings.HasPrefix(name, "broken"):
			w.WriteHeader(http.StatusInternalServerError)
		case strings.HasPrefix(name, "badjson"):
			_, _ = w.Write([]byte(`{"objectClassName": "domain", "events": [`))
		case strings.HasPrefix(name, "redirect"):
			http.Redirect(w, r, r.URL.Path+"x", http.StatusFound)
		case strings.HasPrefix(name, "big"):
			_, _ = w.Write([]byte(`{"x":"`))
			for i := 0; i < 300; i++ {
				if _, err := w.Write([]byte(strings.Repeat("a", 16<<10))); err != nil {
					return
				}
			}
		default:
			http.NotFound(w, r)
		}
	})

	cases := []struct {
		name, domain, whois, wantErr string
		maxTime                      time.Duration
		noRDAP                       bool
	}{
		{"never answers", "hang.com", hang.addr(), "timed out", 2 * time.Second, true},
		{"endless stream", "flood.com", flood.addr(), "larger than 1 MiB", 3 * time.Second, true},
		{"garbage", "garbage.com", garbage.addr(), "not text", time.Second, true},
		{"referral loop", "loop.com", loop.addr(), "referral loop", time.Second, true},
		{"RDAP 429 then WHOIS", "ratelimited.com", hang.addr(), "rate limiting (429, retry after 2m0s)", 2 * time.Second, false},
		{"RDAP 500", "broken.com", garbage.addr(), "answered 500", time.Second, false},
		{"RDAP invalid JSON", "badjson.com", garbage.addr(), "invalid JSON", time.Second, false},
		{"RDAP redirect chain", "redirect.com", garbage.addr(), "redirected too many times", time.Second, false},
		{"RDAP huge answer", "big.com", garbage.addr(), "larger than 1 MiB", 2 * time.Second, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := Options{RDAPURL: rdap.URL, WHOISServer: c.whois, Timeout: time.Second}
			if c.noRDAP {
				o.RDAPURL = "" // newTestLookup gives no RDAP server: WHOIS only
			}
			l := newTestLookup(t, m, o)
			start := time.Now()
			r := l.Date(context.Background(), c.domain)
			el := time.Since(start)
			if r.Known() || !strings.Contains(r.Err, c.wantErr) {
				t.Fatalf("got %+v, want error with %q", r, c.wantErr)
			}
			if el > c.maxTime {
				t.Fatalf("took %s", el)
			}
		})
	}
	// RDAP fails (500), WHOIS gives the date.
	l := newTestLookup(t, m, Options{RDAPURL: rdap.URL, WHOISServer: good.addr()})
	if r := l.Date(context.Background(), "brokenfallback.com"); r.Source != SourceWHOIS || r.Registered.Year() != 1997 {
		t.Fatalf("fallback: %+v", r)
	}
}

func TestDiskCache(t *testing.T) {
	dir := t.TempDir()
	srv := startWHOIS(t, map[string]string{"google.com": readTestdata(t, "whois/com_google.com.txt")})
	now := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	l := newTestLookup(t, &netMap{}, Options{WHOISServer: srv.addr(), CacheDir: dir, Now: clock})
	if r := l.Date(context.Background(), "google.com"); r.Source != SourceWHOIS {
		t.Fatalf("%+v", r)
	}
	// A new process: served from disk.
	l2 := newTestLookup(t, &netMap{}, Options{WHOISServer: srv.addr(), CacheDir: dir, Now: clock})
	if r := l2.Date(context.Background(), "google.com"); r.Source != SourceCache || r.Registered.Year() != 1997 {
		t.Fatalf("%+v", r)
	}
	if n := srv.queries.Load(); n != 1 {
		t.Fatalf("%d queries", n)
	}
	// Corrupt entry: reported once, rebuilt.
	_ = os.WriteFile(filepath.Join(dir, "regdate", "google.com.json"), []byte("{garbage"), 0o644)
	var warns []string
	l3 := newTestLookup(t, &netMap{}, Options{WHOISServer: srv.addr(), CacheDir: dir, Now: clock, Warn: func(s string) { warns = append(warns, s) }})
	if r := l3.Date(context.Background(), "google.com"); r.Source != SourceWHOIS {
		t.Fatalf("%+v", r)
	}
	if len(warns) != 1 {
		t.Fatalf("warnings: %q", warns)
	}
	// Expiry: failures after an hour, dates after 30 days.
	now = now.Add(31 * 24 * time.Hour)
	if _, ok := l3.cache.get("google.com"); ok {
		t.Fatal("expired entry served")
	}
}

// TestConcurrentProcessesShareCache writes the same folder from many
// lookups at once (as separate processes would): every entry stays whole.
func TestConcurrentProcessesShareCache(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	for p := 0; p < 8; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newDiskCache(dir, time.Now, func(s string) { t.Error(s) })
			for i := 0; i < 200; i++ {
				c.put(Result{Domain: "shared.com", Registered: time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC), Source: SourceRDAP})
				if r, ok := c.get("shared.com"); ok && r.Registered.Year() != 2001 {
					t.Error("torn entry")
				}
			}
		}()
	}
	wg.Wait()
}

func TestDedupeAndJobs(t *testing.T) {
	srv := startWHOIS(t, map[string]string{"google.com": readTestdata(t, "whois/com_google.com.txt")})
	srv.delay = 50 * time.Millisecond
	l := newTestLookup(t, &netMap{}, Options{WHOISServer: srv.addr(), Jobs: 4})
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); l.Date(context.Background(), "google.com") }()
	}
	wg.Wait()
	if n := srv.queries.Load(); n != 1 {
		t.Fatalf("%d queries for one domain", n)
	}
}
