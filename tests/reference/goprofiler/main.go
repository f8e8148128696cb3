// Command goprofiler makes fresh profiles with Go's runtime/pprof for Hotpath's tests: it burns
// CPU in a small recursive workload (with calls the compiler inlines) and allocates, labelling
// part of the work with pprof labels, then writes cpu.pb.gz and heap.pb.gz into the given folder.
//
// Usage: goprofiler OUTDIR
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"
)

var sink []byte

func leaf(n int) int { return n*31 + 7 } // small enough to be inlined

func fib(n int) int {
	if n < 2 {
		return leaf(n)
	}
	return fib(n-1) + fib(n-2)
}

func allocate(n int) {
	for i := 0; i < n; i++ {
		sink = make([]byte, 4096+i%512)
	}
}

func work(kind string, until time.Time) {
	pprof.Do(context.Background(), pprof.Labels("kind", kind), func(context.Context) {
		for time.Now().Before(until) {
			fib(22)
			allocate(64)
		}
	})
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: goprofiler OUTDIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	runtime.MemProfileRate = 4096
	cpu, err := os.Create(filepath.Join(dir, "cpu.pb.gz"))
	if err != nil {
		panic(err)
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		panic(err)
	}
	until := time.Now().Add(1500 * time.Millisecond)
	done := make(chan bool)
	go func() { work("background", until); done <- true }()
	work("foreground", until)
	<-done
	pprof.StopCPUProfile()
	cpu.Close()

	heap, err := os.Create(filepath.Join(dir, "heap.pb.gz"))
	if err != nil {
		panic(err)
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(heap); err != nil {
		panic(err)
	}
	heap.Close()
}
