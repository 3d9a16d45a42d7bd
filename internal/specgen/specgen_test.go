package specgen_test

import (
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/internal/specgen"
)

var seed = flag.Int64("seed", 1, "generator seed for the coverage test")

func TestDeterministic(t *testing.T) {
	a, b := specgen.New(42), specgen.New(42)
	c := specgen.New(43)
	same := 0
	for i := 0; i < 500; i++ {
		x, y, z := a.Spec(), b.Spec(), c.Spec()
		if diff := cmp.Diff(x, y); diff != "" {
			t.Fatalf("spec %d differs for the same seed (-a +b):\n%s", i, diff)
		}
		if cmp.Equal(x, z) {
			same++
		}
	}
	if same > 100 {
		t.Errorf("seeds 42 and 43 gave %d equal specs of 500", same)
	}
}

func TestInvariants(t *testing.T) {
	for _, maxf := range []int{0, 1, 2, 3} {
		g := specgen.NewWithOptions(*seed, specgen.Options{MaxFrags: maxf})
		lim := maxf
		if lim == 0 {
			lim = 3
		}
		seen := map[int]int{}
		for i := 0; i < 5000; i++ {
			frags := g.Spec()
			if len(frags) < 1 || len(frags) > lim {
				t.Fatalf("MaxFrags %d: %d fragments: %q", maxf, len(frags), frags)
			}
			seen[len(frags)]++
			for _, f := range frags {
				if strings.IndexByte(f, 0) >= 0 {
					t.Fatalf("NUL in %q", frags)
				}
			}
		}
		for n := 1; n <= lim; n++ {
			if seen[n] == 0 {
				t.Errorf("MaxFrags %d: never %d fragments (%v)", maxf, n, seen)
			}
		}
	}
	g := specgen.New(*seed)
	for i := 0; i < 100; i++ {
		if s := g.SpecString(); strings.IndexByte(s, 0) >= 0 {
			t.Fatalf("NUL in %q", s)
		}
	}
}

// needles are the features a good mix must contain, by substring or
// predicate, each in at least 0.05% of 20,000 specs.
var needles = []struct {
	name string
	has  func(s string) bool
}{}

func sub(x string) func(string) bool { return func(s string) bool { return strings.Contains(s, x) } }

func init() {
	for _, k := range []string{
		"format=", "vdev=", "access=", "backend=", "backendtype=", "specification=", "devtype=",
		"script=", "colo-host=", "colo-port=", "colo-export=", "active-disk=", "hidden-disk=",
		"target=", "cdrom", "direct-io-safe", "discard", "no-discard", "colo,", "no-colo",
		"raw:", "qcow:", "qcow2:", "vhd:", "iscsi:", "nbd:", "enbd:", "drbd:", "tapdisk:",
		"tap:", "tap2:", "aio:", "ioemu:", "file:", "phy:", "tap:aio:", "foo:", "x=y",
		":cdrom", ":disk", ",,", "\t", "\n", " ", "\x80", "\xff", "\x01", "colo-port=0",
		"colo-port=abc", "colo-port=4294967296", "backendtype=standalone", "specification=virtio",
		"format=empty", "format=qed", "format=bogus", "devtype=floppy", "vdev=,", "target=,",
		"backendtype=tap", "specification=xen",
	} {
		needles = append(needles, struct {
			name string
			has  func(string) bool
		}{k, sub(k)})
	}
	needles = append(needles, struct {
		name string
		has  func(string) bool
	}{"trailing comma", func(s string) bool { return strings.HasSuffix(s, ",") }})
}

func TestCoverage(t *testing.T) {
	const n = 20000
	for _, x417 := range []bool{false, true} {
		g := specgen.NewWithOptions(*seed, specgen.Options{Xen417Only: x417})
		counts := make([]int, len(needles))
		lacks := 0
		for i := 0; i < n; i++ {
			frags := g.Spec()
			all := strings.Join(frags, "\x00")
			for j, nd := range needles {
				for _, f := range frags {
					if nd.has(f) {
						counts[j]++
						break
					}
				}
			}
			if specgen.Xen417Lacks(frags) {
				lacks++
			}
			_ = all
		}
		for j, nd := range needles {
			if counts[j] < n/2000 {
				t.Errorf("Xen417Only=%v: %q in only %d of %d specs", x417, nd.name, counts[j], n)
			}
		}
		if x417 && lacks != 0 {
			t.Errorf("Xen417Only: %d specs use keywords 4.17 lacks", lacks)
		}
		if !x417 && lacks < n/200 {
			t.Errorf("default options: only %d specs use trusted/grant_usage/colo-params", lacks)
		}
	}
}

// TestLibxluOption: Options.Libxlu keeps every libxlu keyword of every
// release (trusted, untrusted, grant_usage=) and leaves out colo-params=.
func TestLibxluOption(t *testing.T) {
	const n = 20000
	g := specgen.NewWithOptions(*seed, specgen.Options{Libxlu: true})
	counts := map[string]int{}
	want := []string{"trusted", "untrusted", "grant_usage=1", "grant_usage=0", "grant_usage=10", "specification=",
		"backendtype=tap", "backendtype=standalone", "format=qed"}
	for i := 0; i < n; i++ {
		frags := g.Spec()
		if specgen.LibxluLacks(frags) {
			t.Fatalf("Libxlu: %q uses colo-params=", frags)
		}
		all := strings.Join(frags, "\x00")
		for _, w := range want {
			if strings.Contains(all, w) {
				counts[w]++
			}
		}
	}
	for _, w := range want {
		if counts[w] < n/2000 {
			t.Errorf("Libxlu: %q in only %d of %d specs", w, counts[w], n)
		}
	}
}

func TestXen417Lacks(t *testing.T) {
	tests := map[string]bool{
		"trusted,vdev=xvda,target=/x":  true,
		"untrusted":                    true,
		"grant_usage=1":                true,
		"colo-params=h:1:exportname=x": true,
		"/x,raw,xvda,rw":               false,
		"colo-port=1,colo-host=h":      false,
	}
	for in, want := range tests {
		if got := specgen.Xen417Lacks([]string{"vdev=xvda", in}); got != want {
			t.Errorf("Xen417Lacks(%q) = %v, want %v", in, got, want)
		}
	}
}

func ExampleGenerator_Spec() {
	g := specgen.NewWithOptions(7, specgen.Options{Xen417Only: true})
	for i := 0; i < 3; i++ {
		frags := g.Spec()
		fmt.Println(len(frags) >= 1 && len(frags) <= 3, specgen.Xen417Lacks(frags))
	}
	// Output:
	// true false
	// true false
	// true false
}

func BenchmarkSpec(b *testing.B) {
	b.ReportAllocs()
	g := specgen.New(1)
	for i := 0; i < b.N; i++ {
		g.Spec()
	}
}

// FuzzSpec checks the generator's invariants for any seed.
func FuzzSpec(f *testing.F) {
	f.Add(int64(0), false)
	f.Add(int64(-1), true)
	f.Fuzz(func(t *testing.T, seed int64, x417 bool) {
		g := specgen.NewWithOptions(seed, specgen.Options{Xen417Only: x417})
		for i := 0; i < 50; i++ {
			frags := g.Spec()
			if len(frags) < 1 || len(frags) > 3 {
				t.Fatalf("%d fragments", len(frags))
			}
			for _, s := range frags {
				if strings.IndexByte(s, 0) >= 0 {
					t.Fatalf("NUL in %q", frags)
				}
			}
			if x417 && specgen.Xen417Lacks(frags) {
				t.Fatalf("4.17-lacking keyword in %q", frags)
			}
		}
	})
}
