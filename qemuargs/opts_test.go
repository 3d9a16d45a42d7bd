package qemuargs

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/validate"
)

func TestSplitOpts(t *testing.T) {
	tests := []struct {
		in      string
		want    []KV
		wantErr bool
	}{
		{in: "", want: nil},
		{in: "a=1", want: []KV{{Key: "a", Value: "1"}}},
		{in: "a=1,b=2", want: []KV{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}}},
		{in: "a=1,,b=2", want: []KV{{Key: "a", Value: "1,b=2"}}},
		{in: "a=1,,,b=2", want: []KV{{Key: "a", Value: "1,"}, {Key: "b", Value: "2"}}},
		{in: "a=,b=", want: []KV{{Key: "a"}, {Key: "b"}}},
		{in: "scsi-hd,drive=x", want: []KV{{Key: "scsi-hd", Bare: true}, {Key: "drive", Value: "x"}}},
		{in: "a=1,", want: []KV{{Key: "a", Value: "1"}}},
		{in: "flag,", want: []KV{{Key: "flag", Bare: true}}},
		{in: "a==b", want: []KV{{Key: "a", Value: "=b"}}},
		{in: "file=/x y:z", want: []KV{{Key: "file", Value: "/x y:z"}}},
		{in: ",a=1", want: nil, wantErr: true},
		{in: "flag,,a=1", want: []KV{{Key: "flag", Bare: true}}, wantErr: true},
		{in: "=1", want: nil, wantErr: true},
		{in: "a=\x00", want: nil, wantErr: true},
	}
	for _, tc := range tests {
		got, err := SplitOpts(tc.in)
		if (err != nil) != tc.wantErr {
			t.Errorf("SplitOpts(%q) error = %v, want error %t", tc.in, err, tc.wantErr)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("SplitOpts(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestEscapeJoinSplit(t *testing.T) {
	kvs := []KV{{Key: "file", Value: "/a,file=/etc/passwd"}, {Key: "if", Value: "none"}, {Key: "id", Value: "x"}, {Key: "ide-cd", Bare: true}, {Key: "e", Value: ""}}
	s := JoinOpts(kvs)
	if want := "file=/a,,file=/etc/passwd,if=none,id=x,ide-cd,e="; s != want {
		t.Errorf("JoinOpts = %q, want %q", s, want)
	}
	back, err := SplitOpts(s)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(kvs, back); diff != "" {
		t.Errorf("split(join) (-want +got):\n%s", diff)
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"":                 "''",
		"-drive":           "-drive",
		"file=/a,,b":       "file=/a,,b",
		"file=/a b":        "'file=/a b'",
		"it's":             `'it'\''s'`,
		"$HOME":            "'$HOME'",
		"a\nb":             "'a\nb'",
		"json:{\"a\":1}":   `'json:{"a":1}'`,
		"ide-cd,id=ide-76": "ide-cd,id=ide-76",
	} {
		if got := ShellQuote(in); got != want {
			t.Errorf("ShellQuote(%q) = %s, want %s", in, got, want)
		}
	}
	if got, want := FormatLines([]string{"-device", "lsi53c895a", "-S", "-drive", "file=/a b"}), "-device lsi53c895a\n-S\n-drive 'file=/a b'\n"; got != want {
		t.Errorf("FormatLines = %q, want %q", got, want)
	}
}

// renderedOpts returns, for every -drive/-device value in args, the split
// options, checking that each splits without error.
func renderedOpts(t testing.TB, args []string) [][]KV {
	var out [][]KV
	for i := 0; i+1 < len(args); i += 2 {
		kvs, err := SplitOpts(args[i+1])
		if err != nil {
			t.Fatalf("rendered %s %q does not split: %v", args[i], args[i+1], err)
		}
		out = append(out, kvs)
	}
	return out
}

// checkSplitProperty checks that the -drive values of res split back into
// exactly the options Render meant (Drive.Opts).
func checkSplitProperty(t testing.TB, res *Result) {
	var want [][]KV
	for _, d := range res.Drives {
		want = append(want, d.Opts...)
	}
	var got [][]KV
	all := renderedOpts(t, res.Args)
	for i := 0; i+1 < len(res.Args); i += 2 {
		if res.Args[i] == "-drive" {
			got = append(got, all[i/2])
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("split of the rendered drives differs from the intended options (-want +got):\n%s\nargs: %q", diff, res.Args)
	}
}

func randomPath(r *rand.Rand) string {
	const special = ",=: \t\n'\"\\/.-_$;{}[]"
	n := 1 + r.Intn(24)
	var b strings.Builder
	for i := 0; i < n; i++ {
		switch r.Intn(4) {
		case 0:
			b.WriteByte(special[r.Intn(len(special))])
		case 1:
			b.WriteByte(byte(1 + r.Intn(255))) // any byte but NUL
		default:
			b.WriteByte(byte('a' + r.Intn(26)))
		}
	}
	return b.String()
}

// TestSplitProperty: for random targets and overlay paths (any bytes but
// NUL), every rendered -drive value splits back into exactly the intended
// keys and values, and the target is the value of exactly the intended key.
func TestSplitProperty(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	vdevs := []string{"hda", "hdb", "sda", "sdc", "xvdd", "hdc"}
	checked := 0
	for iter := 0; iter < 3000; iter++ {
		target := randomPath(r)
		d := &diskspec.Disk{PdevPath: diskspec.Str(target), Vdev: diskspec.Str(vdevs[r.Intn(len(vdevs))]),
			Backend: diskspec.BackendQdisk, Format: diskspec.FormatRaw, Readwrite: r.Intn(2)}
		if r.Intn(5) == 0 {
			d.IsCdrom, d.Readwrite = 1, 0
		}
		opts := domain.Options{Type: domain.HVM, HDType: domain.HDType(r.Intn(2)), Dialect: domain.Dialect(r.Intn(2))}
		if r.Intn(2) == 0 {
			d.ColoEnable = diskspec.DefboolTrue
			d.ColoHost, d.ColoPort = diskspec.Str(randomPath(r)), 1+r.Intn(65535)
			d.ColoExport = diskspec.Str("e" + strings.Map(func(c rune) rune {
				if validate.ValidID(string(c)) || c == '-' || (c >= '0' && c <= '9') {
					return c
				}
				return 'x'
			}, randomPath(r)))
			d.ActiveDisk, d.HiddenDisk = diskspec.Str(randomPath(r)), diskspec.Str(randomPath(r))
			opts.ColoSide = domain.ColoMode(1 + r.Intn(2))
		}
		res := Render(validate.Domain([]*diskspec.Parsed{{Disk: d}}, opts))
		checkSplitProperty(t, res)
		for _, dr := range res.Drives {
			if dr.File != target && !(dr.Cdrom && dr.File == "") {
				t.Fatalf("drive file %q, want %q", dr.File, target)
			}
			found := 0
			for _, kvs := range renderedOpts(t, res.Args) {
				for _, kv := range kvs {
					if kv.Value == target && (kv.Key == "file" || kv.Key == "children.0.file.filename" || kv.Key == "children.0.filename") {
						found++
					}
				}
			}
			if found != 1 {
				t.Fatalf("target %q appears %d times as a file value in %q", target, found, res.Args)
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d of 3000 random disks were rendered; the property test is too weak", checked)
	}
}
