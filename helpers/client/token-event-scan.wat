;; The byte loop behind TokenEventScanner (token-event-scanner.ts), which embeds this module
;; compiled (wat2wasm from wabt; token-event-scanner.test.ts checks the two agree).
;;
;; same(a, b, length): 1 when the `length` bytes at `a` equal those at `b`, else 0.
;;
;; scan(start, limit, joint, length): from `start`, a plain token (bytes that are not '"', '\'
;; or below 0x20) up to the first '"' at `q` < `limit`; then whether the `length` bytes at `q`
;; equal those at `joint`, within `limit`. Returns
;;   q        the token ends at q and the joint follows it;
;;   -2 - q   the token ends at q, the joint does not follow (or does not fit before limit);
;;   -1       no plain token ends before limit.
;;
;; run(start, limit, joint, length, result): scan from `start` again and again, each time from
;; just past the joint, while a plain token is followed by the joint. Stores at `result` the
;; number of tokens read that way (i32) and how many of them were not empty (i32), and
;; returns where the token of the first event it did not read starts.
(module
  (memory (export "memory") 2)
  (func $same (export "same") (param $a i32) (param $b i32) (param $n i32) (result i32)
    ;; Eight bytes at a time, then the rest one by one.
    (block $words_done
      (loop $words
        (br_if $words_done (i32.lt_u (local.get $n) (i32.const 8)))
        (if (i64.ne (i64.load (local.get $a)) (i64.load (local.get $b)))
          (then (return (i32.const 0))))
        (local.set $a (i32.add (local.get $a) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (i32.const 8)))
        (local.set $n (i32.sub (local.get $n) (i32.const 8)))
        (br $words)))
    (block $bytes_done
      (loop $bytes
        (br_if $bytes_done (i32.eqz (local.get $n)))
        (if (i32.ne (i32.load8_u (local.get $a)) (i32.load8_u (local.get $b)))
          (then (return (i32.const 0))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $bytes)))
    (i32.const 1))
  (func $scan (export "scan")
    (param $start i32) (param $limit i32) (param $joint i32) (param $length i32) (result i32)
    (local $q i32) (local $byte i32)
    (local.set $q (local.get $start))
    (block $quote
      (loop $token
        (if (i32.ge_u (local.get $q) (local.get $limit))
          (then (return (i32.const -1))))
        (local.set $byte (i32.load8_u (local.get $q)))
        (br_if $quote (i32.eq (local.get $byte) (i32.const 34)))
        (if (i32.or (i32.eq (local.get $byte) (i32.const 92))
                    (i32.lt_u (local.get $byte) (i32.const 32)))
          (then (return (i32.const -1))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $token)))
    (if (i32.gt_u (i32.add (local.get $q) (local.get $length)) (local.get $limit))
      (then (return (i32.sub (i32.const -2) (local.get $q)))))
    (if (call $same (local.get $q) (local.get $joint) (local.get $length))
      (then (return (local.get $q))))
    (i32.sub (i32.const -2) (local.get $q)))
  (func (export "run")
    (param $start i32) (param $limit i32) (param $joint i32) (param $length i32)
    (param $result i32) (result i32)
    (local $q i32) (local $events i32) (local $outputs i32)
    (block $stop
      (loop $next
        (local.set $q
          (call $scan (local.get $start) (local.get $limit) (local.get $joint) (local.get $length)))
        (br_if $stop (i32.lt_s (local.get $q) (i32.const 0)))
        (local.set $events (i32.add (local.get $events) (i32.const 1)))
        (if (i32.ne (local.get $q) (local.get $start))
          (then (local.set $outputs (i32.add (local.get $outputs) (i32.const 1)))))
        (local.set $start (i32.add (local.get $q) (local.get $length)))
        (br $next)))
    (i32.store (local.get $result) (local.get $events))
    (i32.store offset=4 (local.get $result) (local.get $outputs))
    (local.get $start)))
