//go:build oracle

package bench_test

import (
	"flag"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/internal/oracle"
	"github.com/xldisk/xldisk/xlcfg"
)

var (
	sbsIters   = flag.Int("sbs.iters", 5000, "iterations per spec and round in TestSideBySide")
	sbsRounds  = flag.Int("sbs.rounds", 3, "rounds; the fastest round counts")
	sbsEnforce = flag.Bool("sbs.enforce", false, "fail when the time ratio misses its target (CI only logs it: timings on a shared machine are noisy)")
)

// Targets of the side-by-side comparison (issue 9: diskspec.Parse at most
// 1.0x xlu_disk_parse on typical specs, xlcfg.Parse at most 3x
// xlu_cfg_readdata on a typical config). A time target is enforced only
// with -sbs.enforce (timings on a shared machine are noisy); the hard
// ratios are regression guards, enforced always, that hold even on a loaded
// machine.
const (
	maxRatio        = 1.0 // our parse time / libxlu's, over all typical specs
	hardMaxRatio    = 3.0
	maxAllocsSpec   = 40  // allocations per diskspec.Parse
	maxCfgRatio     = 3.0 // xlcfg.Parse time / xlu_cfg_readdata's, typical config
	hardMaxCfgRatio = 8.0
	maxAllocsCfg    = 800 // allocations per xlcfg.Parse of the typical config
)

// checkRatio applies a time target and its regression guard to ratio, for
// what (a sentence subject such as "diskspec.Parse").
func checkRatio(t *testing.T, what string, ratio, target, hard float64) {
	t.Helper()
	switch {
	case ratio > hard:
		t.Errorf("%s takes %.2fx libxlu's time, more than the regression guard %.0fx", what, ratio, hard)
	case ratio > target && *sbsEnforce:
		t.Errorf("%s takes %.2fx libxlu's time, target at most %.1fx", what, ratio, target)
	case ratio > target:
		t.Logf("oracle: %s: time target MISSED: %.2fx > %.1fx (not enforced without -sbs.enforce)", what, ratio, target)
	default:
		t.Logf("oracle: %s: time target met: %.2fx <= %.1fx", what, ratio, target)
	}
}

// cpuNow is the CPU time (user + system) used so far by this process, all
// threads included (so Go's concurrent GC counts against us). CPU time
// rather than wall time keeps the comparison fair on a busy machine.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// bestOf runs f rounds times and returns the smallest process CPU time and
// the smallest wall time that f took.
func bestOf(rounds int, f func()) (cpu, wall time.Duration) {
	cpu, wall = time.Duration(1<<63-1), time.Duration(1<<63-1)
	for i := 0; i < rounds; i++ {
		runtime.GC()
		c0, w0 := cpuNow(), time.Now()
		f()
		c, w := cpuNow()-c0, time.Since(w0)
		cpu, wall = min(cpu, c), min(wall, w)
	}
	return cpu, wall
}

// parseOurs parses spec iters times with diskspec.Parse.
func parseOurs(spec string, iters int) {
	for i := 0; i < iters; i++ {
		diskspec.Parse(spec)
	}
}

// TestSideBySide times libxlu's xlu_disk_parse (looping in C) and
// diskspec.Parse on the same typical specs, and xlu_cfg_readdata
// (xlu_cfg_readfile) against xlcfg.Parse (os.ReadFile and xlcfg.Parse) on a
// typical config, and checks the targets: diskspec.Parse within 1.0x
// libxlu's time over all specs and at most 40 allocations per spec;
// xlcfg.Parse within 3x xlu_cfg_readdata and at most 800 allocations. The
// time targets fail the test only with -sbs.enforce; past the regression
// guards (3x and 8x) it fails always.
func TestSideBySide(t *testing.T) {
	iters, rounds := *sbsIters, *sbsRounds
	if testing.Short() {
		iters, rounds = 2000, 2
	}
	var sumOurs, sumXlu, wallOurs, wallXlu time.Duration
	maxAllocs, sumAllocs := 0.0, 0.0
	t.Logf("%-60s %10s %10s %6s %7s", "spec (CPU time per parse)", "libxlu ns", "ours ns", "ratio", "allocs")
	for _, s := range typicalSpecs {
		spec := s
		rejected := 0
		xlu, xw := bestOf(rounds, func() { _, rejected = oracle.TimeDiskParse([]string{spec}, iters) })
		if rejected != 0 {
			t.Fatalf("libxlu rejects typical spec %q", spec)
		}
		ours, ow := bestOf(rounds, func() { parseOurs(spec, iters) })
		allocs := testing.AllocsPerRun(200, func() { diskspec.Parse(spec) })
		sumOurs += ours
		sumXlu += xlu
		wallOurs += ow
		wallXlu += xw
		sumAllocs += allocs
		if allocs > maxAllocs {
			maxAllocs = allocs
		}
		xns := float64(xlu.Nanoseconds()) / float64(iters)
		ons := float64(ours.Nanoseconds()) / float64(iters)
		name := spec
		if len(name) > 60 {
			name = name[:57] + "..."
		}
		t.Logf("%-60s %10.0f %10.0f %6.2f %7.0f", name, xns, ons, ons/xns, allocs)
		if allocs > maxAllocsSpec {
			t.Errorf("diskspec.Parse(%q): %.0f allocations, target at most %d", spec, allocs, maxAllocsSpec)
		}
	}
	n := float64(iters * len(typicalSpecs))
	xns := float64(sumXlu.Nanoseconds()) / n
	ons := float64(sumOurs.Nanoseconds()) / n
	ratio := ons / xns
	t.Logf("oracle: disk spec parse, %d typical specs, CPU time: libxlu xlu_disk_parse %.0f ns/spec, diskspec.Parse %.0f ns/spec, ratio %.2f (target <= %.1f); wall: %.0f vs %.0f ns/spec; allocs/spec mean %.1f max %.0f (target <= %d)",
		len(typicalSpecs), xns, ons, ratio, maxRatio,
		float64(wallXlu.Nanoseconds())/n, float64(wallOurs.Nanoseconds())/n,
		sumAllocs/float64(len(typicalSpecs)), maxAllocs, maxAllocsSpec)
	checkRatio(t, "diskspec.Parse", ratio, maxRatio, hardMaxRatio)

	// Whole config file.
	src, err := os.ReadFile(typicalCfg)
	if err != nil {
		t.Fatal(err)
	}
	// As many reads as spec parses: a read costs a few microseconds, and a
	// round much shorter than ~10 ms is at the mercy of the CPU-time clock's
	// granularity and of one collection more or less.
	citers := iters
	var cerr error
	xluFile, _ := bestOf(rounds, func() {
		if _, err := oracle.TimeCfgReadFile(typicalCfg, citers); err != nil {
			cerr = err
		}
	})
	xluData, _ := bestOf(rounds, func() {
		if _, err := oracle.TimeCfgReadData(typicalCfg, src, citers); err != nil {
			cerr = err
		}
	})
	if cerr != nil {
		t.Fatal(cerr)
	}
	oursCfg, _ := bestOf(rounds, func() {
		for i := 0; i < citers; i++ {
			xlcfg.Parse(typicalCfg, src)
		}
	})
	oursFile, _ := bestOf(rounds, func() {
		for i := 0; i < citers; i++ {
			b, _ := os.ReadFile(typicalCfg)
			xlcfg.Parse(typicalCfg, b)
		}
	})
	cfgAllocs := testing.AllocsPerRun(50, func() { xlcfg.Parse(typicalCfg, src) })
	per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(citers) }
	cfgRatio := per(oursCfg) / per(xluData)
	t.Logf("oracle: load average %s", loadAvg())
	t.Logf("oracle: xl.cfg read (%s, %d bytes), CPU time: from the file, libxlu xlu_cfg_readfile %.0f ns vs os.ReadFile+xlcfg.Parse %.0f ns, ratio %.2f; from memory, xlu_cfg_readdata %.0f ns vs xlcfg.Parse %.0f ns, ratio %.2f (target <= %.1f); %.0f allocs (target <= %d)",
		typicalCfg, len(src), per(xluFile), per(oursFile), per(oursFile)/per(xluFile),
		per(xluData), per(oursCfg), cfgRatio, maxCfgRatio, cfgAllocs, maxAllocsCfg)
	checkRatio(t, "xlcfg.Parse", cfgRatio, maxCfgRatio, hardMaxCfgRatio)
	if cfgAllocs > maxAllocsCfg {
		t.Errorf("xlcfg.Parse(%s): %.0f allocations, target at most %d", typicalCfg, cfgAllocs, maxAllocsCfg)
	}
}

// loadAvg is the first three fields of /proc/loadavg ("?" without it):
// the ratios depend on what else the machine runs.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
