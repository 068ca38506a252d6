//! A photo's size after resizing for the shop: at most `longest` pixels on its
//! longest side, never enlarged, proportions kept (rounded to the nearest pixel).

/// The size that fits `width`x`height` into `longest` on its longest side.
pub fn fitted(width: u32, height: u32, longest: u32) -> (u32, u32) {
    let side = width.max(height);
    if side <= longest || side == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = |n: u32| {
        let scaled = (u64::from(n) * u64::from(longest) + u64::from(side) / 2) / u64::from(side);
        u32::try_from(scaled).unwrap_or(longest).max(1)
    };
    (scale(width), scale(height))
}

#[cfg(test)]
mod tests {
    use super::fitted;

    #[test]
    fn the_longest_side_fits_and_proportions_stay() {
        assert_eq!(fitted(4032, 3024, 1600), (1600, 1200));
        assert_eq!(fitted(3024, 4032, 1600), (1200, 1600));
        assert_eq!(fitted(800, 600, 1600), (800, 600), "never enlarged");
        assert_eq!(fitted(10_000, 3, 1600), (1600, 1));
        assert_eq!(fitted(0, 0, 1600), (1, 1));
    }
}
