;; Batch normalization on the fused path, in WebAssembly SIMD, over the same memory as kernels.wat (net.ts
;; instantiates both on it). Built into batchNorm.wasm.ts by `node src/engine/fused/build-wasm.mjs` (needs the npm
;; package wabt at dev time only). Layout as in kernels.wat: rows of a multiple of 4 floats, pads 0; pointers and
;; strides in bytes.
(module
  (memory (import "env" "memory") 1)

  ;; Batch normalization over the features (tfjs-layers' BatchNormalization, axis -1), four features at a time,
  ;; each as two f64x2 halves: every lane computes in float64 over the float32 values and rounds to float32
  ;; where it stores, as the cpu batchNorm kernel computes (one float64 expression per value) and exactly as
  ;; the JS loops these replace did. Batch statistics run over rows r < n only; pad features stay 0.

  ;; mean = f32(sum(x) / n), variance = f32(sum((x - mean)^2) / n) (biased, as tf.moments), per feature;
  ;; then the running statistics in f32 (tfjs-layers' moving average): rm = rm - (rm - mean) * decay.
  (func (export "batchNormMoments")
    (param $x i32) (param $n i32) (param $us i32) (param $mean i32) (param $var i32) (param $rm i32) (param $rv i32) (param $decay f32)
    (local $j i32) (local $p i32) (local $end i32) (local $nv v128) (local $dv v128) (local $v v128) (local $t v128)
    (local $s0 v128) (local $s1 v128) (local $m0 v128) (local $m1 v128) (local $c0 v128) (local $c1 v128)
    (local.set $nv (f64x2.splat (f64.convert_i32_u (local.get $n))))
    (local.set $dv (f32x4.splat (local.get $decay)))
    (local.set $end (i32.add (local.get $x) (i32.mul (local.get $n) (local.get $us))))
    (block $colsdone (loop $cols
      (br_if $colsdone (i32.ge_u (local.get $j) (local.get $us)))
      (local.set $s0 (v128.const i64x2 0 0))
      (local.set $s1 (v128.const i64x2 0 0))
      (local.set $p (i32.add (local.get $x) (local.get $j)))
      (block $rowsdone (loop $rows
        (br_if $rowsdone (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $v (v128.load (local.get $p)))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.promote_low_f32x4 (local.get $v))))
        (local.set $s1
          (f64x2.add (local.get $s1)
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
        (local.set $p (i32.add (local.get $p) (local.get $us)))
        (br $rows)))
      ;; The squares are taken around the mean as stored (float32).
      (local.set $t
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.div (local.get $s0) (local.get $nv)))
          (f32x4.demote_f64x2_zero (f64x2.div (local.get $s1) (local.get $nv)))))
      (v128.store (i32.add (local.get $mean) (local.get $j)) (local.get $t))
      (local.set $m0 (f64x2.promote_low_f32x4 (local.get $t)))
      (local.set $m1
        (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))))
      (local.set $s0 (v128.const i64x2 0 0))
      (local.set $s1 (v128.const i64x2 0 0))
      (local.set $p (i32.add (local.get $x) (local.get $j)))
      (block $squaresdone (loop $squares
        (br_if $squaresdone (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $v (v128.load (local.get $p)))
        (local.set $c0 (f64x2.sub (f64x2.promote_low_f32x4 (local.get $v)) (local.get $m0)))
        (local.set $c1
          (f64x2.sub
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))
            (local.get $m1)))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $c0) (local.get $c0))))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $c1) (local.get $c1))))
        (local.set $p (i32.add (local.get $p) (local.get $us)))
        (br $squares)))
      (v128.store (i32.add (local.get $var) (local.get $j))
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.div (local.get $s0) (local.get $nv)))
          (f32x4.demote_f64x2_zero (f64x2.div (local.get $s1) (local.get $nv)))))
      (local.set $v (v128.load (i32.add (local.get $rm) (local.get $j))))
      (v128.store (i32.add (local.get $rm) (local.get $j))
        (f32x4.sub (local.get $v)
          (f32x4.mul (f32x4.sub (local.get $v) (v128.load (i32.add (local.get $mean) (local.get $j)))) (local.get $dv))))
      (local.set $v (v128.load (i32.add (local.get $rv) (local.get $j))))
      (v128.store (i32.add (local.get $rv) (local.get $j))
        (f32x4.sub (local.get $v)
          (f32x4.mul (f32x4.sub (local.get $v) (v128.load (i32.add (local.get $var) (local.get $j)))) (local.get $dv))))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br $cols))))

  ;; out = f32(offset + ((x - mean) * scale) * inv), inv = 1 / sqrt(variance + eps), kept in float64 (inv: 2 * us
  ;; bytes) for the backward pass; xhat = f32((x - mean) * inv) when xhat != 0 (training). scale is gamma, 1
  ;; when gamma = 0; offset is beta, 0 when beta = 0.
  (func (export "batchNormApply")
    (param $x i32) (param $n i32) (param $us i32) (param $mean i32) (param $var i32) (param $gamma i32) (param $beta i32)
    (param $eps f64) (param $inv i32) (param $xhat i32) (param $out i32)
    (local $j i32) (local $o i32) (local $end i32) (local $ev v128) (local $v v128) (local $m0 v128) (local $m1 v128)
    (local $iv0 v128) (local $iv1 v128) (local $sc0 v128) (local $sc1 v128) (local $of0 v128) (local $of1 v128) (local $c0 v128) (local $c1 v128)
    (local.set $ev (f64x2.splat (local.get $eps)))
    (local.set $end (i32.mul (local.get $n) (local.get $us)))
    (block $colsdone (loop $cols
      (br_if $colsdone (i32.ge_u (local.get $j) (local.get $us)))
      (local.set $v (v128.load (i32.add (local.get $mean) (local.get $j))))
      (local.set $m0 (f64x2.promote_low_f32x4 (local.get $v)))
      (local.set $m1
        (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
      (local.set $v (v128.load (i32.add (local.get $var) (local.get $j))))
      (local.set $iv0
        (f64x2.div (v128.const f64x2 1 1)
          (f64x2.sqrt (f64x2.add (f64x2.promote_low_f32x4 (local.get $v)) (local.get $ev)))))
      (local.set $iv1
        (f64x2.div (v128.const f64x2 1 1)
          (f64x2.sqrt
            (f64x2.add
              (f64x2.promote_low_f32x4
                (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))
              (local.get $ev)))))
      (v128.store (i32.add (local.get $inv) (i32.shl (local.get $j) (i32.const 1))) (local.get $iv0))
      (v128.store (i32.add (i32.add (local.get $inv) (i32.shl (local.get $j) (i32.const 1))) (i32.const 16))
        (local.get $iv1))
      (local.set $sc0 (v128.const f64x2 1 1))
      (local.set $sc1 (v128.const f64x2 1 1))
      (if (local.get $gamma)
        (then (local.set $v (v128.load (i32.add (local.get $gamma) (local.get $j))))
          (local.set $sc0 (f64x2.promote_low_f32x4 (local.get $v)))
          (local.set $sc1
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))))
      (local.set $of0 (v128.const i64x2 0 0))
      (local.set $of1 (v128.const i64x2 0 0))
      (if (local.get $beta)
        (then (local.set $v (v128.load (i32.add (local.get $beta) (local.get $j))))
          (local.set $of0 (f64x2.promote_low_f32x4 (local.get $v)))
          (local.set $of1
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))))
      (local.set $o (local.get $j))
      (block $rowsdone (loop $rows
        (br_if $rowsdone (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $v (v128.load (i32.add (local.get $x) (local.get $o))))
        (local.set $c0 (f64x2.sub (f64x2.promote_low_f32x4 (local.get $v)) (local.get $m0)))
        (local.set $c1
          (f64x2.sub
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))
            (local.get $m1)))
        (if (local.get $xhat)
          (then
            (v128.store (i32.add (local.get $xhat) (local.get $o))
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                (f32x4.demote_f64x2_zero (f64x2.mul (local.get $c0) (local.get $iv0)))
                (f32x4.demote_f64x2_zero (f64x2.mul (local.get $c1) (local.get $iv1)))))))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero
              (f64x2.add (local.get $of0) (f64x2.mul (f64x2.mul (local.get $c0) (local.get $sc0)) (local.get $iv0))))
            (f32x4.demote_f64x2_zero
              (f64x2.add (local.get $of1) (f64x2.mul (f64x2.mul (local.get $c1) (local.get $sc1)) (local.get $iv1))))))
        (local.set $o (i32.add (local.get $o) (local.get $us)))
        (br $rows)))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br $cols))))

  ;; d = f32(k * ((n * d - sum(d)) - xhat * sum(d * xhat))), k = (scale * inv) / n, from the last training
  ;; batchNormApply's xhat and inv; gGamma = f32(sum(d * xhat)), gBeta = f32(sum(d)) where given (not 0).
  (func (export "batchNormBackward")
    (param $d i32) (param $xhat i32) (param $n i32) (param $us i32) (param $inv i32) (param $gamma i32) (param $gg i32) (param $gb i32)
    (local $j i32) (local $o i32) (local $end i32) (local $nv v128) (local $v v128) (local $w v128)
    (local $d0 v128) (local $d1 v128) (local $x0 v128) (local $x1 v128) (local $sd0 v128) (local $sd1 v128) (local $sx0 v128) (local $sx1 v128)
    (local $k0 v128) (local $k1 v128)
    (local.set $nv (f64x2.splat (f64.convert_i32_u (local.get $n))))
    (local.set $end (i32.mul (local.get $n) (local.get $us)))
    (block $colsdone (loop $cols
      (br_if $colsdone (i32.ge_u (local.get $j) (local.get $us)))
      (local.set $sd0 (v128.const i64x2 0 0))
      (local.set $sd1 (v128.const i64x2 0 0))
      (local.set $sx0 (v128.const i64x2 0 0))
      (local.set $sx1 (v128.const i64x2 0 0))
      (local.set $o (local.get $j))
      (block $rowsdone (loop $rows
        (br_if $rowsdone (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $v (v128.load (i32.add (local.get $d) (local.get $o))))
        (local.set $w (v128.load (i32.add (local.get $xhat) (local.get $o))))
        (local.set $d0 (f64x2.promote_low_f32x4 (local.get $v)))
        (local.set $d1
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
        (local.set $x0 (f64x2.promote_low_f32x4 (local.get $w)))
        (local.set $x1
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $w) (local.get $w))))
        (local.set $sd0 (f64x2.add (local.get $sd0) (local.get $d0)))
        (local.set $sd1 (f64x2.add (local.get $sd1) (local.get $d1)))
        (local.set $sx0 (f64x2.add (local.get $sx0) (f64x2.mul (local.get $d0) (local.get $x0))))
        (local.set $sx1 (f64x2.add (local.get $sx1) (f64x2.mul (local.get $d1) (local.get $x1))))
        (local.set $o (i32.add (local.get $o) (local.get $us)))
        (br $rows)))
      (if (local.get $gg)
        (then
          (v128.store (i32.add (local.get $gg) (local.get $j))
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $sx0))
              (f32x4.demote_f64x2_zero (local.get $sx1))))))
      (if (local.get $gb)
        (then
          (v128.store (i32.add (local.get $gb) (local.get $j))
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $sd0))
              (f32x4.demote_f64x2_zero (local.get $sd1))))))
      (local.set $k0 (v128.const f64x2 1 1))
      (local.set $k1 (v128.const f64x2 1 1))
      (if (local.get $gamma)
        (then (local.set $v (v128.load (i32.add (local.get $gamma) (local.get $j))))
          (local.set $k0 (f64x2.promote_low_f32x4 (local.get $v)))
          (local.set $k1
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))))
      (local.set $k0
        (f64x2.div
          (f64x2.mul (local.get $k0) (v128.load (i32.add (local.get $inv) (i32.shl (local.get $j) (i32.const 1)))))
          (local.get $nv)))
      (local.set $k1
        (f64x2.div
          (f64x2.mul (local.get $k1)
            (v128.load (i32.add (i32.add (local.get $inv) (i32.shl (local.get $j) (i32.const 1))) (i32.const 16))))
          (local.get $nv)))
      (local.set $o (local.get $j))
      (block $gradsdone (loop $grads
        (br_if $gradsdone (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $v (v128.load (i32.add (local.get $d) (local.get $o))))
        (local.set $w (v128.load (i32.add (local.get $xhat) (local.get $o))))
        (local.set $d0 (f64x2.promote_low_f32x4 (local.get $v)))
        (local.set $d1
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
        (local.set $x0 (f64x2.promote_low_f32x4 (local.get $w)))
        (local.set $x1
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $w) (local.get $w))))
        (v128.store (i32.add (local.get $d) (local.get $o))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero
              (f64x2.mul (local.get $k0)
                (f64x2.sub (f64x2.sub (f64x2.mul (local.get $nv) (local.get $d0)) (local.get $sd0))
                  (f64x2.mul (local.get $x0) (local.get $sx0)))))
            (f32x4.demote_f64x2_zero
              (f64x2.mul (local.get $k1)
                (f64x2.sub (f64x2.sub (f64x2.mul (local.get $nv) (local.get $d1)) (local.get $sd1))
                  (f64x2.mul (local.get $x1) (local.get $sx1)))))))
        (local.set $o (i32.add (local.get $o) (local.get $us)))
        (br $grads)))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br $cols))))
)
