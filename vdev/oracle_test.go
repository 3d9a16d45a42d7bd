//go:build oracle

package vdev

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/internal/oracle"
)

// oracleC calls libxl's own libxl__device_disk_dev_number (linked from the
// static libxenlight.a of each available Xen release, 4.17 on this machine
// and 4.20 in the Debian 13 root, where the symbol is global) on hex-encoded
// names read from stdin and prints the results; a line "#N" asks for
// libxl__devid_to_vdev(N) instead.
const oracleC = oracle.LibxlPrelude + `
int libxl__device_disk_dev_number(const char *virtpath, int *pdisk, int *ppartition);
char *libxl__devid_to_vdev(gc_t *gc, int devid);
int main(void) {
	static char line[4096], name[2048];
	libxl_ctx *ctx;
	xentoollog_logger *lg = (xentoollog_logger *)xtl_createlogger_stdiostream(stderr, XTL_CRITICAL, 0);
	if (libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, lg)) return 1;
	gc_t gc = {0, NULL, ctx};
	while (fgets(line, sizeof line, stdin)) {
		if (line[0] == '#') { /* "#DEVID": print libxl__devid_to_vdev */
			printf("%s\n", libxl__devid_to_vdev(&gc, atoi(line + 1)));
			continue;
		}
		size_t n = strcspn(line, "\n"), i;
		for (i = 0; 2*i+1 < n; i++) { unsigned x; sscanf(line+2*i, "%2x", &x); name[i] = (char)x; }
		name[i] = 0;
		int d = -99, p = -99;
		int num = libxl__device_disk_dev_number(name, NULL, NULL);
		int num2 = libxl__device_disk_dev_number(name, &d, &p);
		printf("%d %d %d %d\n", num, num2, d, p);
	}
	return 0;
}
`

// oracleNames is a corpus of names: every string of up to 4 bytes over an
// alphabet of the characters that matter, plus structured names around every
// limit.
func oracleNames() []string {
	alpha := []string{"d", "p", "x", "v", "h", "s", "a", "q", "z", "0", "1", "8", "-", "+", " ", "X"}
	names := []string{""}
	level := []string{""}
	for l := 1; l <= 4; l++ {
		var next []string
		for _, s := range level {
			for _, c := range alpha {
				next = append(next, s+c)
			}
		}
		names = append(names, next...)
		level = next
	}
	for _, pre := range []string{"xvd", "hd", "sd"} {
		for _, letters := range []string{"", "a", "d", "e", "p", "q", "z", "aa", "zz", "aaa", "bzz", Letters(MaxXvdDisk), Letters(MaxXvdDisk + 1)} {
			for _, part := range []string{"", "0", "1", "01", "15", "16", "63", "64", "255", "256", "+1", "-1", "-0", " 1", "1 ", "-4294967296", "18446744073709551615", "99999999999999999999", "1x"} {
				names = append(names, pre+letters+part)
			}
		}
	}
	for _, d := range []string{"0", "15", "16", "1048575", "1048576", "-1", "0x10", "010", "08", "0x", " 3", "+2", "4294967296", "2147483648", "99999999999999999999"} {
		for _, p := range []string{"0", "15", "16", "255", "256", "-1", "0x", "0xff", " 1", "1 ", ""} {
			names = append(names, "d"+d+"p"+p)
		}
	}
	for _, n := range []string{"0", "51712", "2147483647", "2147483648", "-0", "-1", "0x7fffffff", "0x80000000", "017", "0x", " 12", "12 ", "+5", "\t7", "99999999999999999999"} {
		names = append(names, n)
	}
	return names
}

// eachRelease runs f for every Xen release whose libxenlight is available,
// with the oracle program built against it.
func eachRelease(t *testing.T, f func(t *testing.T, prog *oracle.Program)) {
	rs := oracle.Releases()
	if len(rs) == 0 {
		t.Fatal("no libxenlight available")
	}
	for _, v := range rs {
		t.Run(v.String(), func(t *testing.T) { f(t, oracle.BuildLibxlProgramFor(t, v, oracleC)) })
	}
}

func TestOracleDevNumber(t *testing.T) { eachRelease(t, testOracleDevNumber) }

func testOracleDevNumber(t *testing.T, prog *oracle.Program) {
	names := oracleNames()
	var in bytes.Buffer
	for _, n := range names {
		in.WriteString(hex.EncodeToString([]byte(n)))
		in.WriteByte('\n')
	}
	run := prog.Command()
	run.Stdin = &in
	out, err := run.Output()
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	i, accepted, refused, bad := 0, 0, 0, 0
	for sc.Scan() {
		if i >= len(names) {
			t.Fatal("oracle printed too many lines")
		}
		name := names[i]
		i++
		var num, num2, d, p int
		if _, err := fmt.Sscan(sc.Text(), &num, &num2, &d, &p); err != nil {
			t.Fatalf("oracle line %q: %v", sc.Text(), err)
		}
		// The emulation must agree with libxl exactly.
		v, ok := libxlDevNumber(name)
		got := -1
		if ok {
			got = v.Number
		}
		if got != num {
			bad++
			if bad < 20 {
				t.Errorf("%q: libxl %d, emulation %d (%+v)", name, num, got, v)
			}
			continue
		}
		if ok && v.Kind != KindNumber && (d != v.Disk || p != v.Partition || num2 != num) {
			t.Errorf("%q: libxl disk %d partition %d, emulation %d %d", name, d, p, v.Disk, v.Partition)
		}
		// Decode accepts exactly what libxl accepts with a usable number.
		dv, err := Decode(name)
		usable := num >= 0 && name != "" && (num2 == -1 && ok && v.Kind == KindNumber || d >= 0 && p >= 0)
		if (err == nil) != usable {
			t.Errorf("%q: libxl %d (disk %d part %d), Decode %+v, %v", name, num, d, p, dv, err)
		}
		if err == nil {
			accepted++
		} else {
			refused++
		}
	}
	if i != len(names) {
		t.Fatalf("oracle answered %d of %d names", i, len(names))
	}
	t.Logf("oracle: libxl__device_disk_dev_number (Xen %s libxenlight.a) agrees on %d names (%d accepted, %d refused by Decode); %s",
		prog.Release(), len(names), accepted, refused, strings.TrimSpace(fmt.Sprintf("%d mismatches", bad)))
}

// TestOracleDevidToVdev checks Name against libxl__devid_to_vdev, which
// names every device number as an xvd disk: the two agree on the numbers of
// the xvd encodings (major 202 and extended).
func TestOracleDevidToVdev(t *testing.T) { eachRelease(t, testOracleDevidToVdev) }

func testOracleDevidToVdev(t *testing.T, prog *oracle.Program) {
	var numbers []int
	for minor := 0; minor < 256; minor++ {
		numbers = append(numbers, 202<<8|minor)
	}
	for _, d := range []int{16, 17, 25, 26, 27, 701, 702, 18277, 18278, 1<<20 - 1} {
		for _, p := range []int{0, 1, 15, 16, 255} {
			numbers = append(numbers, 1<<28|d<<8|p)
		}
	}
	var in bytes.Buffer
	for _, n := range numbers {
		fmt.Fprintf(&in, "#%d\n", n)
	}
	run := prog.Command()
	run.Stdin = &in
	out, err := run.Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(numbers) {
		t.Fatalf("oracle answered %d of %d numbers", len(lines), len(numbers))
	}
	for i, n := range numbers {
		got, err := Name(n)
		if err != nil || got != lines[i] {
			t.Errorf("Name(%d) = %q, %v; libxl__devid_to_vdev %q", n, got, err, lines[i])
		}
	}
	t.Logf("oracle: Name agrees with libxl__devid_to_vdev (Xen %s) on %d xvd device numbers", prog.Release(), len(numbers))
}
