package regdate

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// gauge counts requests in flight and remembers the peak.
type gauge struct {
	now, peak atomic.Int64
}

func (g *gauge) enter() {
	n := g.now.Add(1)
	for {
		p := g.peak.Load()
		if n <= p || g.peak.CompareAndSwap(p, n) {
			return
		}
	}
}

func (g *gauge) leave() { g.now.Add(-1) }

// TestPerServerCapRDAP: with many more jobs than PerServer, one RDAP server
// never sees more than PerServer requests at once.
func TestPerServerCapRDAP(t *testing.T) {
	var g gauge
	srv := rdapServer(t, func(w http.ResponseWriter, r *http.Request) {
		g.enter()
		defer g.leave()
		time.Sleep(30 * time.Millisecond)
		w.Header().Set("Content-Type", "application/rdap+json")
		fmt.Fprint(w, `{"objectClassName":"domain","events":[{"eventAction":"registration","eventDate":"2020-01-02T03:04:05Z"}]}`)
	})
	l := newTestLookup(t, &netMap{}, Options{RDAPURL: srv.URL, Jobs: 32})
	var wg sync.WaitGroup
	for i := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r := l.Date(context.Background(), fmt.Sprintf("shop%d.com", i)); !r.Known() {
				t.Errorf("shop%d.com: %s", i, r.Err)
			}
		}()
	}
	wg.Wait()
	if p := g.peak.Load(); p != PerServer {
		t.Fatalf("peak %d requests in flight at one RDAP server, want %d", p, PerServer)
	}
}

// TestPerServerCapWHOIS: two WHOIS servers (named by IANA, on distinct
// 127.0.0.1 ports) each see at most PerServer queries at once, and both are
// queried at the same time: the cap is per server, not global.
func TestPerServerCapWHOIS(t *testing.T) {
	ans := readTestdata(t, "whois/com_google.com.txt")
	var total gauge
	m := &netMap{}
	iana := startWHOIS(t, map[string]string{
		"aa": "refer: whois.nic.aa\n", "bb": "refer: whois.nic.bb\n",
	})
	m.route("whois.iana.org:43", iana.addr())
	var per [2]gauge
	for i, tld := range []string{"aa", "bb"} {
		g := &per[i]
		s := startWHOIS(t, nil)
		s.answer = func(q string, c net.Conn) {
			g.enter()
			total.enter()
			time.Sleep(50 * time.Millisecond)
			total.leave()
			g.leave()
			_, _ = c.Write([]byte(ans))
		}
		m.route("whois.nic."+tld+":43", s.addr())
	}
	l := newTestLookup(t, m, Options{Jobs: 32})
	var wg sync.WaitGroup
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := fmt.Sprintf("shop%d.%s", i/2, []string{"aa", "bb"}[i%2])
			if r := l.Date(context.Background(), d); !r.Known() {
				t.Errorf("%s: %s", d, r.Err)
			}
		}()
	}
	wg.Wait()
	for i := range per {
		if p := per[i].peak.Load(); p != PerServer {
			t.Errorf("server %d: peak %d queries in flight, want %d", i, p, PerServer)
		}
	}
	if p := total.peak.Load(); p <= PerServer {
		t.Errorf("peak %d queries over both servers: the servers were not queried in parallel", p)
	}
}

// TestPerServerCapTimeout: a lookup that cannot get a slot before its
// timeout says why, and does not wait past the timeout.
func TestPerServerCapTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := startWHOIS(t, nil)
	srv.answer = func(q string, c net.Conn) {
		<-release
		_, _ = c.Write([]byte("No match for \"" + q + "\".\r\n"))
	}
	t.Cleanup(func() { close(release) })
	l := newTestLookup(t, &netMap{}, Options{WHOISServer: srv.addr(), Jobs: 8, Timeout: 300 * time.Millisecond})
	start := time.Now()
	var wg sync.WaitGroup
	res := make([]Result, PerServer+1)
	for i := range PerServer {
		wg.Add(1)
		go func() { defer wg.Done(); res[i] = l.Date(context.Background(), fmt.Sprintf("slow%d.com", i)) }()
	}
	for srv.queries.Load() < PerServer {
		time.Sleep(time.Millisecond)
	}
	// Every slot is taken: a fifth lookup with 100ms left waits, then
	// gives up with a reason.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	res[PerServer] = l.Date(ctx, "slow-last.com")
	wg.Wait()
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %s with a 300ms timeout", d)
	}
	if n := srv.queries.Load(); n != PerServer {
		t.Fatalf("%d queries reached the server, want %d", n, PerServer)
	}
	waited := 0
	for _, r := range res {
		if r.Known() || r.Err == "" {
			t.Fatalf("unexpected result %+v", r)
		}
		if strings.Contains(r.Err, "waiting behind") {
			waited++
		}
	}
	if waited != 1 {
		t.Fatalf("%d lookups report waiting for a slot, want 1: %+v", waited, res)
	}
}
