//go:build oracle

package xlcfg_test

import (
	"flag"
	"io"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xldisk/xldisk/internal/oracle"
	"github.com/xldisk/xldisk/xlcfg"
)

var (
	sbsIters  = flag.Int("sbs.iters", 5000, "reads per round in TestSideBySide")
	sbsRounds = flag.Int("sbs.rounds", 5, "rounds; the fastest round of each side counts")
)

// sbsTarget is the goal of the comparison: xlcfg.Parse at most this many
// times xlu_cfg_readdata's CPU time on the typical config. It is logged,
// not enforced: timings on a shared machine are noisy.
const sbsTarget = 3.0

// cpuNow is the CPU time (user + system) this process has used, all
// threads included, so that Go's concurrent GC counts against xlcfg.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAvg is the first three fields of /proc/loadavg ("?" without it):
// the timings depend on what else the machine runs.
func loadAvg() string {
	fd, err := os.Open("/proc/loadavg")
	if err != nil {
		return "?"
	}
	defer fd.Close()
	b := make([]byte, 128)
	n, _ := io.ReadFull(fd, b)
	f := strings.Fields(string(b[:n]))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// TestSideBySide times xlcfg.Parse against libxlu's xlu_cfg_readdata
// (looping in C) on the typical config of bench/ and fuzz/ (692 bytes, an
// HVM guest with four disks), in one run, rounds interleaved, and logs
// the CPU time per read of each and their ratio.
func TestSideBySide(t *testing.T) {
	const name = "testdata/typical.cfg"
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := xlcfg.Parse(name, src); err != nil {
		t.Fatal(err)
	}
	n := *sbsIters
	best := func(cur, d time.Duration) time.Duration {
		if cur == 0 || d < cur {
			return d
		}
		return cur
	}
	var xlu, ours time.Duration
	for r := 0; r < *sbsRounds; r++ {
		runtime.GC()
		c0 := cpuNow()
		if _, err := oracle.TimeCfgReadData(name, src, n); err != nil {
			t.Fatal(err)
		}
		xlu = best(xlu, cpuNow()-c0)
		runtime.GC()
		c0 = cpuNow()
		for i := 0; i < n; i++ {
			xlcfg.Parse(name, src)
		}
		ours = best(ours, cpuNow()-c0)
	}
	allocs := testing.AllocsPerRun(20, func() { xlcfg.Parse(name, src) })
	per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(n) }
	ratio := per(ours) / per(xlu)
	t.Logf("oracle: xl.cfg read (%s, %d bytes), CPU time per read, best of %d rounds of %d: libxlu xlu_cfg_readdata %.0f ns, xlcfg.Parse (participle) %.0f ns, ratio %.2f (goal <= %.0f); %.0f allocs per Parse; load average %s",
		name, len(src), *sbsRounds, n, per(xlu), per(ours), ratio, sbsTarget, allocs, loadAvg())
	if ratio > sbsTarget {
		t.Logf("oracle: goal MISSED: %.2fx > %.0fx", ratio, sbsTarget)
	}
}
