// Command folded is the test reference for Hotpath's folded stacks: it reads profiles with
// google/pprof's own parser, merges them as go tool pprof does (profile.Merge), and prints, for
// every sample type, the stacks in Hotpath's folded contract (frame = function name of each line
// of each location, caller first; "0x<hex address>" where a location has no line or the function
// name is empty; values summed per distinct stack; zero sums left out). Records are unsorted: the
// tests sort them. Each sample type starts with a line "@@ <index> <type>/<unit>"; each stack is
// "<byte length>:<folded line>\n", length-prefixed because real function names can contain
// newlines and NUL bytes.
//
// With -case options, each case is a JSON object {"focus", "ignore", "hide", "show", "granularity"}
// (all optional): the files are read and merged afresh for each case, then filtered by
// Profile.FilterSamplesByName as go tool pprof's -focus/-ignore/-hide/-show do, aggregated by
// Profile.Aggregate as its -functions/-filefunctions/-lines/-files do (addresses kept: an
// unsymbolized frame is still named by its address), and folded with frames named by pprof's node
// naming: the non-empty parts among the function name and the file name (":<line>" after the file
// name when the line is known), joined by one space. Each case's output starts with "## <index>".
//
// Usage: folded [-case JSON]... FILE...
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/google/pprof/profile"
)

type filterCase struct {
	Focus, Ignore, Hide, Show, Granularity string
}

type cases []filterCase

func (c *cases) String() string { return fmt.Sprint(*c) }

func (c *cases) Set(v string) error {
	var fc filterCase
	if err := json.Unmarshal([]byte(v), &fc); err != nil {
		return err
	}
	*c = append(*c, fc)
	return nil
}

func main() {
	var cs cases
	flag.Var(&cs, "case", "a filter and granularity case as JSON (repeatable)")
	flag.Parse()
	files := flag.Args()
	if len(files) < 1 {
		fmt.Fprintln(os.Stderr, "usage: folded [-case JSON]... FILE...")
		os.Exit(2)
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	if len(cs) == 0 {
		write(out, readMerged(files), nil)
		return
	}
	for i, c := range cs {
		merged := readMerged(files)
		if err := apply(merged, c); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Fprintf(out, "## %d\n", i)
		write(out, merged, &c)
	}
}

func compile(expr string) *regexp.Regexp {
	if expr == "" {
		return nil
	}
	return regexp.MustCompile(expr)
}

// apply filters and aggregates as go tool pprof does (driver's applyFocus, then aggregate).
func apply(p *profile.Profile, c filterCase) error {
	focus, ignore, hide, show := compile(c.Focus), compile(c.Ignore), compile(c.Hide), compile(c.Show)
	if focus != nil || ignore != nil || hide != nil || show != nil {
		p.FilterSamplesByName(focus, ignore, hide, show)
	}
	var function, filename, linenumber bool
	switch c.Granularity {
	case "", "functions":
		function = true
	case "filefunctions":
		function, filename = true, true
	case "lines":
		function, filename, linenumber = true, true, true
	case "files":
		filename = true
	default:
		return fmt.Errorf("unknown granularity %q", c.Granularity)
	}
	return p.Aggregate(true, function, filename, linenumber, true)
}

func readMerged(paths []string) *profile.Profile {
	var profiles []*profile.Profile
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		p, err := profile.Parse(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
			os.Exit(1)
		}
		profiles = append(profiles, p)
	}
	merged, err := profile.Merge(profiles)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	return merged
}

func write(out *bufio.Writer, merged *profile.Profile, c *filterCase) {
	for i, st := range merged.SampleType {
		fmt.Fprintf(out, "@@ %d %s/%s\n", i, st.Type, st.Unit)
		sums := map[string]int64{}
		var order []string
		for _, s := range merged.Sample {
			v := s.Value[i]
			if v == 0 {
				continue
			}
			key := stackOf(s, c != nil)
			if _, ok := sums[key]; !ok {
				order = append(order, key)
			}
			sums[key] += v
		}
		for _, key := range order {
			if sums[key] != 0 {
				line := fmt.Sprintf("%s %d", key, sums[key])
				fmt.Fprintf(out, "%d:%s\n", len(line), line)
			}
		}
	}
}

// frameName is pprof's node naming after Aggregate has cleared what the granularity leaves out.
func frameName(ln profile.Line) string {
	var parts []string
	if ln.Function.Name != "" {
		parts = append(parts, ln.Function.Name)
	}
	file := ln.Function.Filename
	if ln.Line != 0 {
		file = fmt.Sprintf("%s:%d", file, ln.Line)
	}
	if file != "" {
		parts = append(parts, file)
	}
	return strings.Join(parts, " ")
}

func stackOf(s *profile.Sample, aggregated bool) string {
	var frames []string
	for i := len(s.Location) - 1; i >= 0; i-- {
		loc := s.Location[i]
		address := fmt.Sprintf("0x%x", loc.Address)
		if len(loc.Line) == 0 {
			frames = append(frames, address)
			continue
		}
		for j := len(loc.Line) - 1; j >= 0; j-- {
			fn := loc.Line[j].Function
			name := ""
			if fn != nil && aggregated {
				name = frameName(loc.Line[j])
			} else if fn != nil {
				name = fn.Name
			}
			if name == "" {
				name = address
			}
			frames = append(frames, name)
		}
	}
	return strings.Join(frames, ";")
}
