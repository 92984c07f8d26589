package regdate

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// whoisServer is a WHOIS server on 127.0.0.1 answering from a table.
type whoisServer struct {
	ln      net.Listener
	answer  func(query string, c net.Conn) // nil: use table
	table   map[string]string
	queries atomic.Int64
	delay   time.Duration
}

func startWHOIS(t testing.TB, table map[string]string) *whoisServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &whoisServer{ln: ln, table: table}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return s
}

func (s *whoisServer) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return
	}
	q := strings.TrimSpace(line)
	s.queries.Add(1)
	if s.delay > 0 {
		time.Sleep(s.delay)
	}
	if s.answer != nil {
		s.answer(q, c)
		return
	}
	ans, ok := s.table[strings.ToLower(q)]
	if !ok {
		ans = "No match for \"" + strings.ToUpper(q) + "\".\r\n"
	}
	_, _ = c.Write([]byte(ans))
}

func (s *whoisServer) addr() string { return s.ln.Addr().String() }

// netMap routes host names to local servers; any other address fails, so
// no test can reach a host but 127.0.0.1.
type netMap struct {
	mu      sync.Mutex
	hosts   map[string]string // "whois.iana.org:43" -> 127.0.0.1:port
	refused []string          // addresses asked for and refused
	dials   atomic.Int64
}

func (m *netMap) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	m.dials.Add(1)
	m.mu.Lock()
	to, ok := m.hosts[addr]
	m.mu.Unlock()
	if !ok {
		h, _, _ := net.SplitHostPort(addr)
		if h != "127.0.0.1" {
			m.mu.Lock()
			m.refused = append(m.refused, addr)
			m.mu.Unlock()
			return nil, &net.OpError{Op: "dial", Net: network, Err: fmt.Errorf("test: no route to %s", addr)}
		}
		to = addr
	}
	var d net.Dialer
	return d.DialContext(ctx, network, to)
}

// refusedAddrs returns the addresses dialed that no local server serves.
func (m *netMap) refusedAddrs() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.refused...)
}

func (m *netMap) route(host string, to string) {
	m.mu.Lock()
	if m.hosts == nil {
		m.hosts = map[string]string{}
	}
	m.hosts[host] = to
	m.mu.Unlock()
}

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func newTestLookup(t testing.TB, m *netMap, o Options) *Lookup {
	t.Helper()
	o.Dial = m.dial
	if o.Bootstrap == nil && o.RDAPURL == "" {
		// The embedded registry names real RDAP servers (rdap.verisign.com
		// for .com...): a test asks RDAP only through RDAPURL or a
		// Bootstrap it passes, so a WHOIS test stays a WHOIS test.
		o.Bootstrap = &Bootstrap{Source: "test: no RDAP server"}
	}
	if o.Timeout == 0 {
		o.Timeout = 2 * time.Second
	}
	if o.CacheDir == "" && !o.NoCache {
		o.NoCache = true
	}
	l, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func rdapServer(t testing.TB, h http.HandlerFunc) *httptest.Server {
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}
