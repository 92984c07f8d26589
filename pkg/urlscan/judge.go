package urlscan

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/extract"
	"github.com/scamcheck/scamcheck/pkg/scan"
)

// ScannerJudge judges lines with a scanner, sharing one domain cache
// between the workers of a run. It is safe for concurrent use.
type ScannerJudge struct {
	sc     *scan.Scanner
	cache  *Cache
	judged atomic.Int64
	cached atomic.Int64
}

// NewScannerJudge returns a judge for one run, with an empty cache.
func NewScannerJudge(sc *scan.Scanner) *ScannerJudge {
	return &ScannerJudge{sc: sc, cache: NewCache(DefaultCacheSize)}
}

// Lookups returns how many domain-level judgements were made, and how many
// were served from the cache.
func (j *ScannerJudge) Lookups() (made, cached int64) {
	return j.judged.Load(), j.cached.Load()
}

// Judge parses one line as a URL or bare domain and judges it.
func (j *ScannerJudge) Judge(ctx context.Context, it *Item) scan.URLRecord {
	rec := scan.URLRecord{Source: it.Source, Line: it.Line, Input: it.Text}
	u, err := extract.ParseOne(it.Text)
	if err != nil {
		rec.Error = "not a URL or domain"
		rec.Reasons = []detect.Finding{}
		return rec
	}
	v := j.sc.CheckURL(ctx, &u, j.cache)
	switch {
	case v.Cached:
		j.cached.Add(1)
	case v.Judged:
		j.judged.Add(1)
	}
	rec.URL, rec.Host, rec.Domain = u.URL, u.Host, u.Domain
	if u.HostUnicode != u.Host {
		rec.Unicode = u.HostUnicode
	}
	rec.Verdict, rec.Score, rec.Reasons = v.Verdict, v.Score, v.Reasons
	rec.Brand, rec.Technique, rec.Distance = v.Brand, v.Technique, v.Distance
	if v.HasAge {
		rec.Registered, rec.AgeDays, rec.AgeSource, rec.AgeError = v.Age.Registered, v.Age.Days, v.Age.Source, v.Age.Error
	}
	return rec
}

// DefaultCacheSize is how many domains a cache generation holds; the cache
// remembers between one and two generations of the most recently used
// domains, so its memory is bounded whatever the length of the list.
const DefaultCacheSize = 50_000

// Cache is a bounded map of domain results: two generations, the current
// one filled until it holds size domains, then kept as the old one while a
// new one fills. A domain found in the old generation moves to the current
// one, so domains in use survive. It is safe for concurrent use.
type Cache struct {
	mu       sync.Mutex
	size     int
	cur, old map[string]scan.DomainResult
}

var _ scan.DomainCache = (*Cache)(nil)

// NewCache returns an empty cache of size domains per generation.
func NewCache(size int) *Cache {
	return &Cache{size: max(size, 1), cur: map[string]scan.DomainResult{}}
}

// Get returns the result for domain, if the cache holds it.
func (c *Cache) Get(domain string) (scan.DomainResult, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if r, ok := c.cur[domain]; ok {
		return r, true
	}
	if r, ok := c.old[domain]; ok {
		c.put(strings.Clone(domain), r)
		return r, true
	}
	return scan.DomainResult{}, false
}

// Put stores the result for domain.
func (c *Cache) Put(domain string, r scan.DomainResult) {
	c.mu.Lock()
	// The key may point into a long line: keep a copy only.
	c.put(strings.Clone(domain), r)
	c.mu.Unlock()
}

func (c *Cache) put(domain string, r scan.DomainResult) {
	if len(c.cur) >= c.size {
		c.old, c.cur = c.cur, make(map[string]scan.DomainResult, c.size/4)
	}
	c.cur[domain] = r
}

// Len returns the number of domains held.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.cur) + len(c.old)
}
