;; The matrix loops of the fused dense stack, in WebAssembly SIMD (f32x4). Built into kernels.wasm.ts by
;; `node src/engine/fused/build-wasm.mjs` (needs the npm package wabt at dev time only).
;;
;; Layout (see net.ts): every matrix row holds a multiple of 4 floats; pad columns and pad rows of
;; weights are 0 and stay 0, so loops may run over padded widths. Pointers and strides are in bytes.
;; Dot products accumulate in f32 (tfjs' cpu matmul sums blocks in f64), so they differ from tfjs by
;; rounding only; element-wise ops are single f32 ops, rounded exactly as tfjs rounds each op.
(module
  (memory (import "env" "memory") 1)

  ;; a[r, :] = z (relu: max(z, 0)), z = x[r, :k]·w + b, for rows r < n, four rows at a time (n % 4 == 0).
  (func (export "forward")
    (param $x i32) (param $xs i32) (param $w i32) (param $b i32) (param $a i32)
    (param $n i32) (param $k i32) (param $us i32) (param $relu i32)
    (local $r i32) (local $j i32) (local $i i32) (local $xp i32) (local $wp i32) (local $ap i32)
    (local $xs2 i32) (local $xs3 i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $wv v128) (local $bv v128)
    (local.set $xs2 (i32.shl (local.get $xs) (i32.const 1)))
    (local.set $xs3 (i32.add (local.get $xs2) (local.get $xs)))
    (block $rdone (loop $rows
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $n)))
      (local.set $j (i32.const 0))
      (block $jdone (loop $cols
        (br_if $jdone (i32.ge_u (local.get $j) (local.get $us)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $xp (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $xs))))
        (local.set $wp (i32.add (local.get $w) (local.get $j)))
        (local.set $i (local.get $k))
        (block $idone (loop $inner
          (br_if $idone (i32.eqz (local.get $i)))
          (local.set $wv (v128.load (local.get $wp)))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat (local.get $xp)) (local.get $wv))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load32_splat (i32.add (local.get $xp) (local.get $xs))) (local.get $wv))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load32_splat (i32.add (local.get $xp) (local.get $xs2))) (local.get $wv))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load32_splat (i32.add (local.get $xp) (local.get $xs3))) (local.get $wv))))
          (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
          (local.set $wp (i32.add (local.get $wp) (local.get $us)))
          (local.set $i (i32.sub (local.get $i) (i32.const 1)))
          (br $inner)))
        (local.set $bv (v128.load (i32.add (local.get $b) (local.get $j))))
        (local.set $a0 (f32x4.add (local.get $a0) (local.get $bv)))
        (local.set $a1 (f32x4.add (local.get $a1) (local.get $bv)))
        (local.set $a2 (f32x4.add (local.get $a2) (local.get $bv)))
        (local.set $a3 (f32x4.add (local.get $a3) (local.get $bv)))
        (if (local.get $relu) (then
          ;; f32x4.max propagates NaN like Math.max(0, x) in the tfjs cpu kernel.
          (local.set $a0 (f32x4.max (local.get $a0) (v128.const i32x4 0 0 0 0)))
          (local.set $a1 (f32x4.max (local.get $a1) (v128.const i32x4 0 0 0 0)))
          (local.set $a2 (f32x4.max (local.get $a2) (v128.const i32x4 0 0 0 0)))
          (local.set $a3 (f32x4.max (local.get $a3) (v128.const i32x4 0 0 0 0)))))
        (local.set $ap (i32.add (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $us))) (local.get $j)))
        (v128.store (local.get $ap) (local.get $a0))
        (v128.store (i32.add (local.get $ap) (local.get $us)) (local.get $a1))
        (v128.store (i32.add (local.get $ap) (i32.shl (local.get $us) (i32.const 1))) (local.get $a2))
        (v128.store (i32.add (local.get $ap) (i32.mul (local.get $us) (i32.const 3))) (local.get $a3))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $cols)))
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (br $rows))))

  ;; gw[i, :] = sum over r < n of x[r, i] * d[r, :], four rows i at a time (k4 % 4 == 0);
  ;; gb[:] = sum over r < n of d[r, :] when gb != 0.
  (func (export "gradients")
    (param $x i32) (param $xs i32) (param $d i32) (param $gw i32) (param $gb i32)
    (param $n i32) (param $k4 i32) (param $us i32)
    (local $i i32) (local $j i32) (local $r i32) (local $xp i32) (local $dp i32) (local $gp i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $dv v128)
    (block $idone (loop $rows
      (br_if $idone (i32.ge_u (local.get $i) (local.get $k4)))
      (local.set $j (i32.const 0))
      (block $jdone (loop $cols
        (br_if $jdone (i32.ge_u (local.get $j) (local.get $us)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $xp (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $dp (i32.add (local.get $d) (local.get $j)))
        (local.set $r (local.get $n))
        (block $rdone (loop $inner
          (br_if $rdone (i32.eqz (local.get $r)))
          (local.set $dv (v128.load (local.get $dp)))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat (local.get $xp)) (local.get $dv))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load32_splat offset=4 (local.get $xp)) (local.get $dv))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load32_splat offset=8 (local.get $xp)) (local.get $dv))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load32_splat offset=12 (local.get $xp)) (local.get $dv))))
          (local.set $xp (i32.add (local.get $xp) (local.get $xs)))
          (local.set $dp (i32.add (local.get $dp) (local.get $us)))
          (local.set $r (i32.sub (local.get $r) (i32.const 1)))
          (br $inner)))
        (local.set $gp (i32.add (i32.add (local.get $gw) (i32.mul (local.get $i) (local.get $us))) (local.get $j)))
        (v128.store (local.get $gp) (local.get $a0))
        (v128.store (i32.add (local.get $gp) (local.get $us)) (local.get $a1))
        (v128.store (i32.add (local.get $gp) (i32.shl (local.get $us) (i32.const 1))) (local.get $a2))
        (v128.store (i32.add (local.get $gp) (i32.mul (local.get $us) (i32.const 3))) (local.get $a3))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $cols)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $rows)))
    (if (local.get $gb) (then
      (local.set $j (i32.const 0))
      (block $jdone (loop $cols
        (br_if $jdone (i32.ge_u (local.get $j) (local.get $us)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $dp (i32.add (local.get $d) (local.get $j)))
        (local.set $r (local.get $n))
        (block $rdone (loop $inner
          (br_if $rdone (i32.eqz (local.get $r)))
          (local.set $a0 (f32x4.add (local.get $a0) (v128.load (local.get $dp))))
          (local.set $dp (i32.add (local.get $dp) (local.get $us)))
          (local.set $r (i32.sub (local.get $r) (i32.const 1)))
          (br $inner)))
        (v128.store (i32.add (local.get $gb) (local.get $j)) (local.get $a0))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $cols)))))
  )

  ;; dx[r, i] = act'(x[r, i]) * (d[r, :]·w[i, :]) for r < n, four i at a time (k4 % 4 == 0); dx has x's layout.
  ;; act' from the layer below's output y = x, as tfjs: 1: relu step(y) (0 at 0), 2: sigmoid y(1-y), 3: tanh 1-y², else 1.
  (func (export "backInput")
    (param $x i32) (param $xs i32) (param $d i32) (param $w i32) (param $dx i32)
    (param $n i32) (param $k4 i32) (param $us i32) (param $act i32)
    (local $r i32) (local $i i32) (local $j i32) (local $dp i32) (local $wp i32) (local $row i32) (local $xp i32)
    (local $us2 i32) (local $us3 i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $dv v128) (local $s v128) (local $y v128)
    (local.set $us2 (i32.shl (local.get $us) (i32.const 1)))
    (local.set $us3 (i32.add (local.get $us2) (local.get $us)))
    (block $rdone (loop $rows
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $n)))
      (local.set $row (i32.add (local.get $d) (i32.mul (local.get $r) (local.get $us))))
      (local.set $i (i32.const 0))
      (block $idone (loop $cols
        (br_if $idone (i32.ge_u (local.get $i) (local.get $k4)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $dp (local.get $row))
        (local.set $wp (i32.add (local.get $w) (i32.mul (local.get $i) (local.get $us))))
        (local.set $j (local.get $us))
        (block $jdone (loop $inner
          (br_if $jdone (i32.eqz (local.get $j)))
          (local.set $dv (v128.load (local.get $dp)))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $dv) (v128.load (local.get $wp)))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $dv) (v128.load (i32.add (local.get $wp) (local.get $us))))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $dv) (v128.load (i32.add (local.get $wp) (local.get $us2))))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $dv) (v128.load (i32.add (local.get $wp) (local.get $us3))))))
          (local.set $dp (i32.add (local.get $dp) (i32.const 16)))
          (local.set $wp (i32.add (local.get $wp) (i32.const 16)))
          (local.set $j (i32.sub (local.get $j) (i32.const 16)))
          (br $inner)))
        ;; Transpose-and-add: s = (Σa0, Σa1, Σa2, Σa3).
        (local.set $a0 (f32x4.add
          (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a0) (local.get $a1))
          (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a0) (local.get $a1))))
        (local.set $a2 (f32x4.add
          (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a2) (local.get $a3))
          (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a2) (local.get $a3))))
        (local.set $s (f32x4.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a0) (local.get $a2))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a0) (local.get $a2))))
        (local.set $xp (i32.add (i32.mul (local.get $r) (local.get $xs)) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $y (v128.load (i32.add (local.get $x) (local.get $xp))))
        (if (i32.eq (local.get $act) (i32.const 1)) (then
          (local.set $s (v128.and (local.get $s) (f32x4.gt (local.get $y) (v128.const i32x4 0 0 0 0))))))
        (if (i32.eq (local.get $act) (i32.const 2)) (then
          (local.set $s (f32x4.mul (local.get $s)
            (f32x4.mul (local.get $y) (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $y)))))))
        (if (i32.eq (local.get $act) (i32.const 3)) (then
          (local.set $s (f32x4.mul (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $y) (local.get $y)))
            (local.get $s)))))
        (v128.store (i32.add (local.get $dx) (local.get $xp)) (local.get $s))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $cols)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows))))

  ;; d[r, :] = 0 where z[r, :] <= 0 or is NaN, rows r < n, in place: relu's gradient as tfjs takes it (step(z),
  ;; 0 at 0) for a layer whose relu is followed by other ops (branch-free: the signs are random).
  (func (export "reluBackward") (param $z i32) (param $d i32) (param $n i32) (param $us i32)
    (local $o i32) (local $end i32)
    (local.set $end (i32.mul (local.get $n) (local.get $us)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (v128.store (i32.add (local.get $d) (local.get $o)) (v128.and (v128.load (i32.add (local.get $d) (local.get $o)))
        (f32x4.gt (v128.load (i32.add (local.get $z) (local.get $o))) (v128.const i32x4 0 0 0 0))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $each))))

  ;; The ReLU family's other members over n rows of us bytes (pads are 0: f(0) = 0 and a 0 gradient stays 0),
  ;; branch-free like reluBackward. LeakyReLU's slope products are taken in float64 and rounded, as tfjs's
  ;; cpu kernel stores `alpha * x` (alpha a JS number) into a Float32Array, and as activations.ts does.

  ;; v * alpha, each lane in float64, rounded to float32.
  (func $timesSlope (param $v v128) (param $alpha v128) (result v128)
    (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
      (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (local.get $v)) (local.get $alpha)))
      (f32x4.demote_f64x2_zero (f64x2.mul
        (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))
        (local.get $alpha)))))

  ;; dst = z < 0 ? alpha * z : z (tfjs's LeakyRelu; NaN passes through).
  (func (export "leakyRelu") (param $z i32) (param $dst i32) (param $n i32) (param $us i32) (param $alpha f64)
    (local $o i32) (local $end i32) (local $a v128) (local $v v128)
    (local.set $a (f64x2.splat (local.get $alpha)))
    (local.set $end (i32.mul (local.get $n) (local.get $us)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $v (v128.load (i32.add (local.get $z) (local.get $o))))
      (v128.store (i32.add (local.get $dst) (local.get $o))
        (v128.bitselect (call $timesSlope (local.get $v) (local.get $a)) (local.get $v) (f32x4.lt (local.get $v) (v128.const f32x4 0 0 0 0))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $each))))

  ;; d = z > 0 ? d : alpha * d, in place (tfjs's gradient: where(greater(x, 0), dy, dy * alpha); the slope at 0).
  (func (export "leakyReluBackward") (param $z i32) (param $d i32) (param $n i32) (param $us i32) (param $alpha f64)
    (local $o i32) (local $end i32) (local $a v128) (local $v v128)
    (local.set $a (f64x2.splat (local.get $alpha)))
    (local.set $end (i32.mul (local.get $n) (local.get $us)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $v (v128.load (i32.add (local.get $d) (local.get $o))))
      (v128.store (i32.add (local.get $d) (local.get $o))
        (v128.bitselect (local.get $v) (call $timesSlope (local.get $v) (local.get $a))
          (f32x4.gt (v128.load (i32.add (local.get $z) (local.get $o))) (v128.const f32x4 0 0 0 0))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $each))))

  ;; dst = min(max(z, 0), 6) (NaN stays NaN, as Math.min(Math.max(0, z), 6)).
  (func (export "relu6") (param $z i32) (param $dst i32) (param $n i32) (param $us i32)
    (local $o i32) (local $end i32)
    (local.set $end (i32.mul (local.get $n) (local.get $us)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (v128.store (i32.add (local.get $dst) (local.get $o))
        (f32x4.min (f32x4.max (v128.load (i32.add (local.get $z) (local.get $o))) (v128.const f32x4 0 0 0 0)) (v128.const f32x4 6 6 6 6)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $each))))

  ;; d = 0 unless 0 < z < 6, in place (tfjs-layers' minimum(6, relu(x)): 0 at 0 and at 6).
  (func (export "relu6Backward") (param $z i32) (param $d i32) (param $n i32) (param $us i32)
    (local $o i32) (local $end i32) (local $v v128)
    (local.set $end (i32.mul (local.get $n) (local.get $us)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $v (v128.load (i32.add (local.get $z) (local.get $o))))
      (v128.store (i32.add (local.get $d) (local.get $o)) (v128.and (v128.load (i32.add (local.get $d) (local.get $o)))
        (v128.and (f32x4.gt (local.get $v) (v128.const f32x4 0 0 0 0)) (f32x4.lt (local.get $v) (v128.const f32x4 6 6 6 6)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $each))))

  ;; Optimizer steps over the parameter block w (len floats, len % 4 == 0) and its gradient g; state blocks
  ;; s1, s2 have the same layout. One op at a time in f32, in tfjs' order (tfjs-core optimizers/*.js).

  ;; sgd: w = c*g + w, c = -lr
  (func (export "sgd") (param $w i32) (param $g i32) (param $len i32) (param $c f32)
    (local $o i32) (local $end i32) (local $cv v128)
    (local.set $cv (f32x4.splat (local.get $c)))
    (local.set $end (i32.shl (local.get $len) (i32.const 2)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (v128.store (i32.add (local.get $w) (local.get $o))
        (f32x4.add (f32x4.mul (local.get $cv) (v128.load (i32.add (local.get $g) (local.get $o))))
          (v128.load (i32.add (local.get $w) (local.get $o)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $each))))

  ;; momentum: s1 = m*s1 + g; w = c*s1 + w
  (func (export "momentum") (param $w i32) (param $g i32) (param $s1 i32) (param $len i32) (param $c f32) (param $m f32)
    (local $o i32) (local $end i32) (local $cv v128) (local $mv v128) (local $acc v128)
    (local.set $cv (f32x4.splat (local.get $c)))
    (local.set $mv (f32x4.splat (local.get $m)))
    (local.set $end (i32.shl (local.get $len) (i32.const 2)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $acc (f32x4.add (f32x4.mul (local.get $mv) (v128.load (i32.add (local.get $s1) (local.get $o))))
        (v128.load (i32.add (local.get $g) (local.get $o)))))
      (v128.store (i32.add (local.get $s1) (local.get $o)) (local.get $acc))
      (v128.store (i32.add (local.get $w) (local.get $o))
        (f32x4.add (f32x4.mul (local.get $cv) (local.get $acc)) (v128.load (i32.add (local.get $w) (local.get $o)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $each))))

  ;; adam: s1 = s1*b1 + g*c1; s2 = s2*b2 + g²*c2; w = ((s1/k1) / (sqrt(s2/k2) + eps))*c + w,
  ;; k = 1 - beta^t (bias corrections), c = -lr
  (func (export "adam") (param $w i32) (param $g i32) (param $s1 i32) (param $s2 i32) (param $len i32)
    (param $b1 f32) (param $c1 f32) (param $b2 f32) (param $c2 f32) (param $k1 f32) (param $k2 f32) (param $eps f32) (param $c f32)
    (local $o i32) (local $end i32) (local $gv v128) (local $m v128) (local $v v128)
    (local.set $end (i32.shl (local.get $len) (i32.const 2)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $gv (v128.load (i32.add (local.get $g) (local.get $o))))
      (local.set $m (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $s1) (local.get $o))) (f32x4.splat (local.get $b1)))
        (f32x4.mul (local.get $gv) (f32x4.splat (local.get $c1)))))
      (local.set $v (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $s2) (local.get $o))) (f32x4.splat (local.get $b2)))
        (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (f32x4.splat (local.get $c2)))))
      (v128.store (i32.add (local.get $s1) (local.get $o)) (local.get $m))
      (v128.store (i32.add (local.get $s2) (local.get $o)) (local.get $v))
      (v128.store (i32.add (local.get $w) (local.get $o))
        (f32x4.add
          (f32x4.mul
            (f32x4.div (f32x4.div (local.get $m) (f32x4.splat (local.get $k1)))
              (f32x4.add (f32x4.sqrt (f32x4.div (local.get $v) (f32x4.splat (local.get $k2)))) (f32x4.splat (local.get $eps))))
            (f32x4.splat (local.get $c)))
          (v128.load (i32.add (local.get $w) (local.get $o)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $each))))

  ;; rmsprop (momentum 0, not centered): s1 = s1*d + g²*c; w = w - (g*lr) / sqrt(s1 + eps)
  (func (export "rmsprop") (param $w i32) (param $g i32) (param $s1 i32) (param $len i32)
    (param $d f32) (param $c f32) (param $lr f32) (param $eps f32)
    (local $o i32) (local $end i32) (local $gv v128) (local $s v128)
    (local.set $end (i32.shl (local.get $len) (i32.const 2)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $gv (v128.load (i32.add (local.get $g) (local.get $o))))
      (local.set $s (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $s1) (local.get $o))) (f32x4.splat (local.get $d)))
        (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (f32x4.splat (local.get $c)))))
      (v128.store (i32.add (local.get $s1) (local.get $o)) (local.get $s))
      (v128.store (i32.add (local.get $w) (local.get $o))
        (f32x4.sub (v128.load (i32.add (local.get $w) (local.get $o)))
          (f32x4.div (f32x4.mul (local.get $gv) (f32x4.splat (local.get $lr)))
            (f32x4.sqrt (f32x4.add (local.get $s) (f32x4.splat (local.get $eps)))))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $each))))
)
