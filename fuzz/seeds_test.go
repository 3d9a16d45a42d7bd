package fuzz

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/internal/specgen"
	"github.com/xldisk/xldisk/xenstore"
	"github.com/xldisk/xldisk/xlcfg"
)

var seedsFlag = flag.Bool("seeds", false, "rebuild the seed corpora under testdata/fuzz from the project's specs and configs")

// seedSources are what the corpora are built from, relative to this package.
const (
	oracleCorpus = "../diskspec/testdata/oracle-corpus.txt"
	upstreamJSON = "../diskspec/testdata/xl-disk-parse-cases.jsonl"
)

// specCases returns every disk (as fragments) of the diskspec oracle corpus
// and upstream's parse cases.
func specCases(t testing.TB) [][]string {
	fh, err := os.Open(oracleCorpus)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	cases, err := specgen.ReadCorpus(fh)
	if err != nil {
		t.Fatal(err)
	}
	up, err := os.Open(upstreamJSON)
	if err != nil {
		t.Fatal(err)
	}
	defer up.Close()
	sc := bufio.NewScanner(up)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var c struct {
			Args []string `json:"args"`
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s: %v", upstreamJSON, err)
		}
		cases = append(cases, c.Args)
	}
	return cases
}

// configFiles returns every xl.cfg of the tests and examples, by path.
func configFiles(t testing.TB) map[string][]byte {
	out := map[string][]byte{}
	for _, root := range []string{"../xlcfg/testdata/cfgs", "../examples", "../bench/testdata"} {
		err := filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
			if err != nil || fi.IsDir() || filepath.Ext(p) != ".cfg" {
				return err
			}
			b, err := os.ReadFile(p)
			out[p] = b
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(out) == 0 {
		t.Fatal("no configs found")
	}
	return out
}

// quoteSpec writes a spec as a single-quoted xl.cfg string.
func quoteSpec(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`)
	return "'" + r.Replace(s) + "'"
}

// corpus is a generated seed corpus: the directory, relative to this
// package, and the prefix of the files it generates there. The fuzz/
// package's own corpora are wholly generated (prefix ""); in the other
// packages' directories the generated files are named gen-HASH, beside the
// hand-written seeds and the crashers the fuzzer found, which are kept.
type corpus struct{ dir, prefix string }

// seedName is the file name of the seed whose arguments are vals.
func (c corpus) seedName(vals []string) string {
	sum := sha256.Sum256([]byte("go test fuzz v1\n" + strings.Join(vals, "\n") + "\n"))
	return c.prefix + hex.EncodeToString(sum[:8])
}

// generated reports whether the file named base was written by writeCorpus.
func (c corpus) generated(base string) bool {
	if c.prefix == "" {
		return !strings.HasPrefix(base, "regress-")
	}
	return strings.HasPrefix(base, c.prefix)
}

// writeCorpus replaces c's generated seed files with one file per entry,
// each in the "go test fuzz v1" encoding; vals are Go literals of the
// arguments. Regression cases (files named regress-*: inputs the fuzzer
// found, named after the bug they show, as the corpus format has no
// comments) and, outside fuzz/, every file not named gen-* are kept, except
// one whose content is exactly a generated seed's (a duplicate).
func writeCorpus(t testing.TB, c corpus, entries [][]string) {
	dir := c.dir
	bodies := map[string]bool{}
	for _, vals := range entries {
		bodies["go test fuzz v1\n"+strings.Join(vals, "\n")+"\n"] = true
	}
	old, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range old {
		if c.generated(filepath.Base(f)) {
			os.Remove(f)
		} else if b, err := os.ReadFile(f); err == nil && bodies[string(b)] && !strings.HasPrefix(filepath.Base(f), "regress-") {
			os.Remove(f)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, vals := range entries {
		body := "go test fuzz v1\n" + strings.Join(vals, "\n") + "\n"
		name := c.seedName(vals)
		if seen[name] {
			continue
		}
		seen[name] = true
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%s: %d seeds", dir, len(seen))
}

func strLit(s string) string   { return "string(" + strconv.Quote(s) + ")" }
func bytesLit(b []byte) string { return "[]byte(" + strconv.Quote(string(b)) + ")" }
func byteLit(b byte) string    { return fmt.Sprintf("byte(%s)", strconv.QuoteRune(rune(b))) }

// lintFlags is the FuzzConfigLint flags byte of the i-th seed: the dialect
// and release vary, and one seed in eight writes SARIF too.
func lintFlags(i int) byte {
	f := byte(i % 4)
	if i%8 == 7 {
		f |= sarifFlags
	}
	return f
}

// hostileDomains are hand-written FuzzPipeline seeds aimed at the QEMU
// option syntax: commas, '=' and ids in every COLO value, duplicate ids,
// slots at their limits, control bytes.
var hostileDomains = [][][]string{
	{{"backendtype=qdisk,colo,colo-host=h,colo-port=9000,colo-export=e,x,active-disk=/a,,b,hidden-disk=/h=1,vdev=hda,target=/t,file=/etc"}},
	{{"backendtype=qdisk,colo,colo-host=h,colo-port=9000,colo-export=e1,active-disk=/a,hidden-disk=/h,vdev=sda,target=/t,format=qcow2"}},
	{{"backendtype=qdisk,colo-params=h:9000:exportname=e:1,,x,active-disk=/a,hidden-disk=/h,vdev=hdb,target=/t"}},
	{{"backendtype=qdisk,colo,colo-host=h,colo-port=9000,colo-export=top-colo,active-disk=/a,hidden-disk=/h,vdev=hda,target=/t"},
		{"backendtype=qdisk,colo,colo-host=h,colo-port=9000,colo-export=top-colo,active-disk=/a,hidden-disk=/h,vdev=hdb,target=/t2"}},
	{{"backendtype=qdisk,colo,colo-host=h,colo-port=9000,colo-export=ide0-hd1,active-disk=/a,hidden-disk=/h,vdev=hda,target=/t"}, {"/u,raw,hdb"}},
	{{"/t,raw,hdc,cdrom"}, {"backendtype=qdisk,colo,colo-host=h,colo-port=9000,colo-export=ide-5632,active-disk=/a,hidden-disk=/h,vdev=hda,target=/t"}},
	{{"/a,qcow2,sdh"}, {"/b,raw,sda,r"}, {"/c,,xvdd"}, {"/d,,hdd"}},
	{{"vdev=hda,target=/a\nb"}, {"vdev=hdb,target=/a\x01,"}},
	{{"vdev=51712,target=/a"}, {"vdev=d0p0,target=/b"}, {"vdev=xvdz,target=/c"}, {"vdev=xvdaa,target=/d"}},
}

// hostileConfigs are hand-written FuzzConfigLint and FuzzFmt seeds: quotes,
// escapes, nested and appended disk lists, targets that end in commas or
// white space.
var hostileConfigs = []string{
	"disk = [ '/a b ,,xvda' ]\n",
	"disk = [ \"/a'b,,xvda\" ]\n",
	"disk = [ '/a\\'b,,xvda', '/a\\\\b,,xvdb', '/a\\tb,,xvdc', '/a\\101b,,xvdd' ]\n",
	"disk = [ 'vdev=xvda,target=/a,b,', 'vdev=xvdb,target=/a,b,,' ]\n",
	"disk = [ 'vdev=xvda,script=a\\nb,target=/x' ]\n",
	"disk = [ 1 ]\ndisk = '/a,,xvda'\n",
	"disk = [ '/a,,xvda', [ '/b,,xvdb' ], '/c,,xvdc' ]\n",
	"disk = [ '/a,,xvda' ]\ndisk += [ '/b,,xvdb' ]\n",
	"type = 'hvm'\ndisk = [ ',,hdc,cdrom', 'xvda,,', 'tap:aio:/a,xvdb,w', '/a,,xvdc,colo,colo-host=h' ]\n",
	"disk = [ 'vdev=xvda,target=/a#b', 'vdev=xvdb,target=', 'vdev=xvdc,devtype=cdrom,target=', 'vdev=xvdd,target= /x ' ]\n",
	"disk = [ 'raw:/x,xvda' ]\ndisk = [ 'raw:/x,xvdb' ]\n# xldisk:ignore XLD303\n",
}

// TestSeeds rebuilds the seed corpora with -seeds; without it, it checks that
// the committed corpora hold a seed for every source (so that a new corpus
// case or config is not forgotten).
func TestSeeds(t *testing.T) {
	cases := specCases(t)
	cfgs := configFiles(t)
	paths := make([]string, 0, len(cfgs))
	for p := range cfgs {
		paths = append(paths, p)
	}
	sort.Strings(paths)

	// FuzzPipeline: each case as a one-disk domain, runs of 4 consecutive
	// cases as domains (cross-disk rules), and the disk list of every
	// config, each under two flag sets.
	var pipe [][]string
	add := func(disks [][]string, flags byte) {
		pipe = append(pipe, []string{strLit(joinDomain(disks)), byteLit(flags)})
	}
	for i, c := range cases {
		if len(c) == 0 {
			continue
		}
		add([][]string{c}, byte(i%4))
		if i%4 == 3 {
			add(cases[i-3:i+1], byte(i/4%4))
		}
	}
	for i, d := range hostileDomains {
		add(d, byte(i%4))
	}
	var lintSeeds, fmtSeeds [][]string
	for i, c := range hostileConfigs {
		lintSeeds = append(lintSeeds, []string{bytesLit([]byte(c)), byteLit(lintFlags(i))})
		fmtSeeds = append(fmtSeeds, []string{bytesLit([]byte(c))})
	}
	for i, p := range paths {
		src := cfgs[p]
		lintSeeds = append(lintSeeds, []string{bytesLit(src), byteLit(lintFlags(i))})
		fmtSeeds = append(fmtSeeds, []string{bytesLit(src)})
		if f, err := xlcfg.Parse(p, src); err == nil {
			if specs, err := f.DiskSpecs(); err == nil && len(specs) > 0 {
				var disks [][]string
				for _, s := range specs {
					disks = append(disks, []string{s.Spec})
				}
				add(disks, 0)
				add(disks, 3)
			}
		}
	}
	// FuzzConfigLint and FuzzFmt: every one-fragment case quoted into an
	// HVM config.
	for i, c := range cases {
		if len(c) != 1 {
			continue
		}
		src := []byte("type = \"hvm\"\ndisk = [ " + quoteSpec(c[0]) + " ]\n")
		lintSeeds = append(lintSeeds, []string{bytesLit(src), byteLit(lintFlags(i))})
		fmtSeeds = append(fmtSeeds, []string{bytesLit(src)})
	}
	corpora := map[corpus][][]string{
		{"testdata/fuzz/FuzzPipeline", ""}:                             pipe,
		{"testdata/fuzz/FuzzConfigLint", ""}:                           lintSeeds,
		{"testdata/fuzz/FuzzFmt", ""}:                                  fmtSeeds,
		{"../xlcfg/testdata/fuzz/FuzzParseConfig", "gen-"}:             packageConfigSeeds(paths, cfgs),
		{"../lint/testdata/fuzz/FuzzLintConfig", "gen-"}:               packageConfigSeeds(paths, cfgs),
		{"../validate/testdata/fuzz/FuzzDisk", "gen-"}:                 diskSeeds(cases),
		{"../qemuargs/testdata/fuzz/FuzzRender", "gen-"}:               renderSeeds(cases),
		{"../vdev/testdata/fuzz/FuzzDecode", "gen-"}:                   vdevSeeds(cases),
		{"../diskspec/testdata/fuzz/FuzzParse", "gen-"}:                parseSeeds(cases, 1),
		{"../diskspec/testdata/fuzz/FuzzParseArgs", "gen-"}:            parseSeeds(cases, 2),
		{"../xenstore/testdata/fuzz/FuzzNodes", "gen-"}:                nodesSeeds(cases),
		{"../xenstore/testdata/fuzz/FuzzDiskFromBackendNodes", "gen-"}: backendNodesSeeds(cases),
		{"../lsp/testdata/fuzz/FuzzDocumentEdits", "gen-"}:             editSeeds(paths, cfgs),
	}
	checkEveryTarget(t, corpora)
	for c, entries := range corpora {
		if *seedsFlag {
			writeCorpus(t, c, entries)
			continue
		}
		files, _ := filepath.Glob(filepath.Join(c.dir, "*"))
		have := map[string]bool{}
		for _, f := range files {
			have[filepath.Base(f)] = true
		}
		missing := 0
		for _, vals := range entries {
			if !have[c.seedName(vals)] {
				missing++
			}
		}
		if missing > 0 {
			t.Errorf("%s: %d of %d seeds are missing; run go test ./fuzz -run TestSeeds -seeds", c.dir, missing, len(entries))
		}
	}
}

// packageConfigSeeds seeds xlcfg's FuzzParseConfig and lint's
// FuzzLintConfig with every config of the tests and examples and the
// hostile configs.
func packageConfigSeeds(paths []string, cfgs map[string][]byte) [][]string {
	var out [][]string
	for _, c := range hostileConfigs {
		out = append(out, []string{bytesLit([]byte(c))})
	}
	for _, p := range paths {
		out = append(out, []string{bytesLit(cfgs[p])})
	}
	return out
}

// oneFragment returns the single-fragment cases, in order.
func oneFragment(cases [][]string) []string {
	var out []string
	for _, c := range cases {
		if len(c) == 1 {
			out = append(out, c[0])
		}
	}
	return out
}

// diskSeeds seeds validate's FuzzDisk (spec, option bits) with every
// one-fragment case, the option bits varied from case to case.
func diskSeeds(cases [][]string) [][]string {
	var out [][]string
	for i, s := range oneFragment(cases) {
		out = append(out, []string{strLit(s), fmt.Sprintf("uint8(%d)", (i*37)&0xff)})
	}
	return out
}

// renderSeeds seeds qemuargs' FuzzRender (target, vdev, export, active,
// hidden, flags) from every one-fragment case that parses: its values, and
// flags that encode its backend, format, access, cdrom and COLO settings,
// with the domain options (hdtype, stub domain, COLO side, dialect) varied
// from case to case. The flag layout is FuzzRender's.
func renderSeeds(cases [][]string) [][]string {
	var out [][]string
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	for i, s := range oneFragment(cases) {
		d, err := diskspec.Parse(s)
		if err != nil {
			continue
		}
		flags := uint16(d.Backend)&3 | (uint16(d.Format)&7)<<2 | uint16(d.Readwrite&1)<<5
		if d.IsCdrom != 0 {
			flags |= 1 << 6
		}
		if d.ColoEnable == diskspec.DefboolTrue {
			flags |= 1 << 7
		}
		flags |= uint16(i%2)<<8 | uint16(i/2%2)<<9 | uint16(i/4%3)<<10 | uint16(i/12%2)<<12
		out = append(out, []string{strLit(str(d.PdevPath)), strLit(str(d.Vdev)), strLit(str(d.ColoExport)),
			strLit(str(d.ActiveDisk)), strLit(str(d.HiddenDisk)), fmt.Sprintf("uint16(%d)", flags)})
	}
	return out
}

// vdevSeeds seeds vdev's FuzzDecode with every vdev the cases name.
func vdevSeeds(cases [][]string) [][]string {
	seen := map[string]bool{}
	var out [][]string
	for _, s := range oneFragment(cases) {
		d, err := diskspec.Parse(s)
		if err != nil || d.Vdev == nil || seen[*d.Vdev] {
			continue
		}
		seen[*d.Vdev] = true
		out = append(out, []string{strLit(*d.Vdev)})
	}
	return out
}

// parseSeeds seeds diskspec's FuzzParse (n 1: one spec) or FuzzParseArgs
// (n 2: two fragments) with every case of n fragments.
func parseSeeds(cases [][]string, n int) [][]string {
	var out [][]string
	for _, c := range cases {
		if len(c) != n {
			continue
		}
		vals := make([]string, n)
		for i, f := range c {
			vals[i] = strLit(f)
		}
		out = append(out, vals)
	}
	return out
}

// xenstoreSel is a FuzzNodes or FuzzDiskFromBackendNodes selector byte for
// case i: it picks the release, domid, guest type and dialect (see
// xenstore's fuzzOptions), varied from case to case.
func xenstoreSel(i int) uint8 { return uint8(i * 37) }

// nodesSeeds seeds xenstore's FuzzNodes (spec, selector, backend) with
// every one-fragment case that parses, each with a backend of its own.
func nodesSeeds(cases [][]string) [][]string {
	var out [][]string
	for i, s := range oneFragment(cases) {
		if _, err := diskspec.Parse(s); err != nil {
			continue
		}
		out = append(out, []string{strLit(s), fmt.Sprintf("uint8(%d)", xenstoreSel(i)), fmt.Sprintf("uint8(%d)", i%6)})
	}
	return out
}

// backendNodesSeeds seeds xenstore's FuzzDiskFromBackendNodes (params,
// type, dev, removable, mode, device-type, a, b, selector) with the nodes
// libxl writes (xenstore.Nodes) for every one-fragment case that parses and
// that has nodes for its own backend: a and b are its specification and
// transport, or for a COLO disk its colo-host and colo-port. Identical node
// sets are written once.
func backendNodesSeeds(cases [][]string) [][]string {
	var out [][]string
	seen := map[string]bool{}
	for i, s := range oneFragment(cases) {
		d, err := diskspec.Parse(s)
		if err != nil {
			continue
		}
		b := d.Backend
		if b == diskspec.BackendUnknown {
			b = diskspec.Backend(1 + i%3)
		}
		nodes, err := xenstore.Nodes(d, b, domain.Options{})
		if err != nil {
			continue
		}
		v := map[string]string{}
		for _, n := range nodes.Backend {
			v[n.Path] = n.Value
		}
		a, bb := v["specification"], v["transport"]
		if _, ok := v["colo-host"]; ok {
			a, bb = v["colo-host"], v["colo-port"]
		}
		vals := []string{strLit(v["params"]), strLit(v["type"]), strLit(v["dev"]), strLit(v["removable"]), strLit(v["mode"]),
			strLit(v["device-type"]), strLit(a), strLit(bb), fmt.Sprintf("uint8(%d)", xenstoreSel(i))}
		key := strings.Join(vals[:8], "\n")
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, vals)
	}
	return out
}

// maxEditDoc is the largest document FuzzDocumentEdits edits (it skips
// larger ones).
const maxEditDoc = 4096

// editSeeds seeds lsp's FuzzDocumentEdits (document, edit script) with
// every hostile config and every config of the tests and examples small
// enough, each with a short edit script of its own: an insertion, a
// replacement across a line end and a deletion at places that vary from
// document to document (the script encoding is FuzzDocumentEdits': per
// edit, start line and character, end line and character, a text length
// and text, then a byte whose multiples of 8 make a full-text change).
func editSeeds(paths []string, cfgs map[string][]byte) [][]string {
	var docs [][]byte
	for _, c := range hostileConfigs {
		docs = append(docs, []byte(c))
	}
	for _, p := range paths {
		if len(cfgs[p]) <= maxEditDoc {
			docs = append(docs, cfgs[p])
		}
	}
	var out [][]string
	for i, doc := range docs {
		lines := byte(bytes.Count(doc, []byte("\n")) + 1)
		l := byte(i) % lines
		script := []byte{
			l, byte(i % 40), l, byte(i % 40), 2, '\'', ',', 1, // insert "',"
			l, 3, l + 1, 2, 1, '#', 1, // replace across a line end
			(l + 2) % lines, 0, (l + 2) % lines, 5, 0, 8, // delete, then a full-text change
		}
		out = append(out, []string{bytesLit(doc), bytesLit(script)})
	}
	return out
}

// notSeeded are the module's fuzz targets TestSeeds does not seed, and why.
var notSeeded = map[string]string{
	"diskspec.FuzzDiffLibxlu": "oracle tag only; seeded by f.Add from the oracle corpus itself",
	"specgen.FuzzSpec":        "its input is a generator seed, not a spec",
	"specgen.FuzzDecodeCase":  "its input is a corpus line of the generator's own encoding",
}

// checkEveryTarget fails when a Fuzz function of the module has neither a
// corpus in corpora nor an entry in notSeeded, so that a new target is not
// forgotten.
func checkEveryTarget(t *testing.T, corpora map[corpus][][]string) {
	// A corpus dir is PKGDIR/testdata/fuzz/TARGET, PKGDIR "." for this
	// package.
	have := map[string]bool{}
	for c := range corpora {
		pkg := filepath.Base(filepath.Dir(filepath.Dir(filepath.Dir(c.dir))))
		if pkg == "." {
			pkg = "fuzz"
		}
		have[pkg+"."+filepath.Base(c.dir)] = true
	}
	targets := fuzzTargets(t)
	if len(targets) < len(corpora) || !slices.Contains(targets, "fuzz.FuzzPipeline") {
		t.Fatalf("found only the fuzz targets %v", targets)
	}
	for _, name := range targets {
		if !have[name] && notSeeded[name] == "" {
			t.Errorf("fuzz target %s has no seed corpus in TestSeeds and is not in notSeeded", name)
		}
	}
}

// fuzzTargets lists the module's fuzz targets as PKG.FuzzX, PKG being the
// last element of the package directory.
func fuzzTargets(t *testing.T) []string {
	var out []string
	err := filepath.WalkDir("..", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != ".." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		pkg := filepath.Base(filepath.Dir(p))
		for _, line := range strings.Split(string(src), "\n") {
			if name, ok := strings.CutPrefix(line, "func Fuzz"); ok && strings.Contains(name, "(f *testing.F)") {
				out = append(out, pkg+".Fuzz"+name[:strings.IndexByte(name, '(')])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}
