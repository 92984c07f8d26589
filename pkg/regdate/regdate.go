// Package regdate finds when a registrable domain was registered: from the
// on-disk cache, then RDAP (the registries' current protocol), then WHOIS as
// a fallback. Lookups are deduplicated per domain, bounded in number
// (Options.Jobs), backed off per server when a server says it is rate
// limiting, and every request has a timeout. Nothing here panics or hangs on
// a hostile server: answers are capped at MaxAnswer bytes, redirects and
// referrals at a few hops.
package regdate

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Source says where a registration date came from.
type Source string

// The sources of a result.
const (
	SourceRDAP  Source = "rdap"
	SourceWHOIS Source = "whois"
	SourceCache Source = "cache"
)

// MaxAnswer caps how much of one server answer is read (1 MiB).
const MaxAnswer = 1 << 20

// DefaultTimeout is the default time allowed for one domain's lookup.
const DefaultTimeout = 5 * time.Second

// Result is what is known about one domain's registration.
type Result struct {
	Domain string `json:"domain"`
	// Registered is the registration date; zero when unknown.
	Registered time.Time `json:"registered,omitzero"`
	// Source is where the answer came from (rdap, whois or cache).
	Source Source `json:"source,omitempty"`
	// Err says why the date is unknown ("not found", "WHOIS server timed
	// out"); empty when Registered is set.
	Err string `json:"error,omitempty"`
	// NotFound reports that the registries answered the domain does not
	// exist.
	NotFound bool `json:"not_found,omitempty"`
}

// Known reports whether the registration date is known.
func (r Result) Known() bool { return !r.Registered.IsZero() }

// Options configure a Lookup.
type Options struct {
	// Timeout bounds the whole lookup of one domain, every request
	// included (DefaultTimeout when 0).
	Timeout time.Duration
	// Jobs bounds the lookups running at once (default 4).
	Jobs int
	// RDAPURL, when set, is the base URL used for every RDAP query
	// instead of the bootstrap registry's.
	RDAPURL string
	// WHOISServer (HOST:PORT), when set, receives every WHOIS query first
	// instead of the IANA referral.
	WHOISServer string
	// CacheDir is the on-disk cache folder ("" for DefaultCacheDir);
	// NoCache turns the on-disk cache off.
	CacheDir string
	NoCache  bool
	// Bootstrap maps TLDs to RDAP servers (the embedded snapshot, or the
	// refreshed copy in the cache folder, when nil).
	Bootstrap *Bootstrap
	// Dial opens every TCP connection, RDAP and WHOIS alike (a
	// net.Dialer when nil). Tests point it at local servers.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Warn receives problems worth telling the user once (a corrupt cache
	// entry); nil discards them.
	Warn func(string)
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Lookup finds registration dates. It is safe for concurrent use; one
// Lookup serves a whole run so that each domain is looked up once.
type Lookup struct {
	opts  Options
	boot  *Bootstrap
	cache *diskCache
	http  *http.Client
	sem   chan struct{}
	lim   *limiter

	mu       sync.Mutex
	inflight map[string]*call
	mem      map[string]Result

	lookups   atomic.Int64 // network lookups started
	cacheHits atomic.Int64 // answered by the disk cache
	memHits   atomic.Int64 // answered from this run's memory
	requests  atomic.Int64 // requests sent (RDAP and WHOIS)
}

type call struct {
	done chan struct{}
	res  Result
}

// New returns a Lookup. It opens no connection.
func New(opts Options) (*Lookup, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Jobs <= 0 {
		opts.Jobs = 4
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Dial == nil {
		d := &net.Dialer{Timeout: opts.Timeout}
		opts.Dial = d.DialContext
	}
	if opts.WHOISServer != "" {
		if _, _, err := net.SplitHostPort(opts.WHOISServer); err != nil {
			return nil, fmt.Errorf("--whois-server %q: want HOST:PORT", opts.WHOISServer)
		}
	}
	if opts.RDAPURL != "" && !strings.HasPrefix(opts.RDAPURL, "http://") && !strings.HasPrefix(opts.RDAPURL, "https://") {
		return nil, fmt.Errorf("--rdap-url %q: want an http:// or https:// URL", opts.RDAPURL)
	}
	l := &Lookup{opts: opts, sem: make(chan struct{}, opts.Jobs), lim: newLimiter(opts.Now),
		inflight: map[string]*call{}, mem: map[string]Result{}}
	if !opts.NoCache {
		dir := opts.CacheDir
		if dir == "" {
			d, err := DefaultCacheDir()
			if err != nil {
				return nil, err
			}
			dir = d
		}
		l.cache = newDiskCache(dir, opts.Now, opts.Warn)
	}
	l.boot = opts.Bootstrap
	if l.boot == nil {
		dir := ""
		if l.cache != nil {
			dir = l.cache.dir
		}
		l.boot = LoadBootstrap(dir)
	}
	l.http = newHTTPClient(opts)
	return l, nil
}

// Stats returns how many domains were looked up over the network, how many
// were answered by the disk cache and by this run's memory, and how many
// requests were sent.
func (l *Lookup) Stats() (lookups, cacheHits, memHits, requests int64) {
	return l.lookups.Load(), l.cacheHits.Load(), l.memHits.Load(), l.requests.Load()
}

// Date returns the registration date of a registrable domain. Concurrent
// calls for the same domain share one lookup; a domain is looked up over
// the network at most once per Lookup.
func (l *Lookup) Date(ctx context.Context, domain string) Result {
	domain = strings.ToLower(strings.TrimSuffix(domain, "."))
	if !validDomain(domain) {
		return Result{Domain: domain, Err: "not a domain name"}
	}
	l.mu.Lock()
	if r, ok := l.mem[domain]; ok {
		l.mu.Unlock()
		l.memHits.Add(1)
		return r
	}
	if c, ok := l.inflight[domain]; ok {
		l.mu.Unlock()
		select {
		case <-c.done:
			return c.res
		case <-ctx.Done():
			return Result{Domain: domain, Err: "interrupted"}
		}
	}
	c := &call{done: make(chan struct{})}
	l.inflight[domain] = c
	l.mu.Unlock()

	c.res = l.resolve(ctx, domain)
	l.mu.Lock()
	delete(l.inflight, domain)
	if c.res.Err != "interrupted" {
		l.mem[domain] = c.res
	}
	l.mu.Unlock()
	close(c.done)
	return c.res
}

// resolve reads the disk cache, then asks the network.
func (l *Lookup) resolve(ctx context.Context, domain string) Result {
	if l.cache != nil {
		if r, ok := l.cache.get(domain); ok {
			l.cacheHits.Add(1)
			if r.Known() {
				r.Source = SourceCache
			}
			return r
		}
	}
	select {
	case l.sem <- struct{}{}:
	case <-ctx.Done():
		return Result{Domain: domain, Err: "interrupted"}
	}
	defer func() { <-l.sem }()
	l.lookups.Add(1)
	ctx, cancel := context.WithTimeout(ctx, l.opts.Timeout)
	defer cancel()
	r := l.network(ctx, domain)
	if r.Err == "interrupted" {
		return r
	}
	if l.cache != nil {
		l.cache.put(r)
	}
	return r
}

// network asks RDAP, then WHOIS when RDAP cannot give the date.
func (l *Lookup) network(ctx context.Context, domain string) Result {
	var rdapErr error
	if base := l.rdapBase(domain); base != "" {
		t, err := l.rdapDate(ctx, base, domain)
		switch {
		case err == nil:
			return Result{Domain: domain, Registered: t, Source: SourceRDAP}
		case errors.Is(err, errNotFound):
			return Result{Domain: domain, NotFound: true, Source: SourceRDAP, Err: "not registered (RDAP: not found)"}
		}
		rdapErr = err
	}
	if ctx.Err() != nil && parentDone(ctx) {
		return Result{Domain: domain, Err: "interrupted"}
	}
	t, err := l.whoisDate(ctx, domain)
	switch {
	case err == nil:
		return Result{Domain: domain, Registered: t, Source: SourceWHOIS}
	case errors.Is(err, errNotFound):
		return Result{Domain: domain, NotFound: true, Source: SourceWHOIS, Err: "not registered (WHOIS: no match)"}
	}
	msg := err.Error()
	if rdapErr != nil {
		msg = rdapErr.Error() + "; " + msg
	}
	return Result{Domain: domain, Err: msg}
}

// parentDone reports whether ctx ended for a reason other than its own
// deadline (the caller gave up).
func parentDone(ctx context.Context) bool {
	return !errors.Is(ctx.Err(), context.DeadlineExceeded)
}

// rdapBase is the RDAP base URL for domain, "" when none is known.
func (l *Lookup) rdapBase(domain string) string {
	if l.opts.RDAPURL != "" {
		return l.opts.RDAPURL
	}
	return l.boot.Base(domain)
}

var errNotFound = errors.New("not found")

// validDomain accepts lower-case ASCII host names with at least two labels.
func validDomain(d string) bool {
	if len(d) < 3 || len(d) > 253 || !strings.Contains(d, ".") {
		return false
	}
	for _, label := range strings.Split(d, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}
