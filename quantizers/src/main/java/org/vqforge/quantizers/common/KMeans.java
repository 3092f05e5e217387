package org.vqforge.quantizers.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.vqforge.api.backend.NearestCodeSearch;

/**
 * k-means for codebook initialisation: k-means++ seeding (Arthur and Vassilvitskii, 2007), then a
 * fixed number of Lloyd iterations (assign each row to its nearest centroid, move each centroid
 * to the mean of its rows; a centroid with no rows stays where it is). Everything runs on the
 * device, with randomness from the rows' manager, so a seeded engine gives the same centroids.
 */
public final class KMeans {

    private KMeans() {}

    /**
     * The fitted centroids and how many rows each one received in the last assignment.
     *
     * @param centroids (K, D)
     * @param counts (K) float
     */
    public record Result(NDArray centroids, NDArray counts) {}

    /**
     * Fits {@code k} centroids to {@code rows}.
     *
     * @param rows (N, D); only their values are used (no gradient)
     * @param k the number of centroids
     * @param iterations Lloyd iterations after seeding (0: the seeds themselves)
     * @param spherical cluster directions: rows and centroids are l2-normalised, so the nearest
     *     centroid is the one at the smallest angle
     * @param search the nearest-centroid search
     * @return centroids and counts on the rows' manager
     */
    public static Result fit(NDArray rows, int k, int iterations, boolean spherical, NearestCodeSearch search) {
        if (rows.getShape().dimension() != 2 || k < 1 || iterations < 0) {
            throw new IllegalArgumentException("need rows (N, D), k >= 1, iterations >= 0; got "
                    + rows.getShape() + ", " + k + ", " + iterations);
        }
        NDManager out = rows.getManager();
        try (NDManager scratch = out.newSubManager()) {
            NDArray x = rows.stopGradient();
            x.attach(scratch);
            if (spherical) {
                x = UnitVectors.normalize(x, 1);
            }
            NDArray centroids = seed(x, k, scratch);
            for (int i = 0; i < iterations; i++) {
                centroids = lloydStep(x, centroids, k, spherical, search, scratch);
            }
            NDArray counts;
            try (NDArray assigned = search.nearest(x, centroids)) {
                counts = CodeCounts.of(assigned, k);
            }
            centroids.attach(out);
            counts.attach(out);
            return new Result(centroids, counts);
        }
    }

    /**
     * k-means++: the first centroid is a uniformly random row, each further one a row drawn with
     * probability proportional to its squared distance to the nearest centroid so far.
     */
    private static NDArray seed(NDArray x, int k, NDManager scratch) {
        long n = x.getShape().get(0);
        NDList chosen = new NDList(k);
        NDArray rowNorms = x.square().sum(new int[] {1});
        NDArray first = scratch.randomInteger(0, n, new Shape(1), DataType.INT64);
        NDArray centroid = NearestCode.lookup(first, x);
        chosen.add(centroid);
        NDArray nearest = squaredDistances(x, rowNorms, centroid);
        for (int j = 1; j < k; j++) {
            try (NDManager round = scratch.newSubManager()) {
                // everything of one round lands on its manager and goes with it
                nearest.attach(round);
                NDArray xr = StateArrays.view(x, round);
                NDArray cumulative = nearest.cumSum(0);
                // the first row whose cumulative weight exceeds u * total; clamped for u * total = total
                NDArray target = round.randomUniform(0f, 1f, new Shape(1)).mul(cumulative.get(n - 1));
                NDArray index = cumulative.lt(target).sum().toType(DataType.INT64, false)
                        .minimum(n - 1).reshape(1);
                centroid = NearestCode.lookup(index, xr);
                NDArray updated = nearest.minimum(squaredDistances(xr, StateArrays.view(rowNorms, round), centroid));
                centroid.attach(scratch);
                updated.attach(scratch);
                chosen.add(centroid);
                nearest = updated;
            }
        }
        return NDArrays.concat(chosen, 0);
    }

    /** ||x_i - c||^2 for every row i and one centroid c (1, D), clamped at 0 against rounding. */
    private static NDArray squaredDistances(NDArray x, NDArray rowNorms, NDArray centroid) {
        NDArray cross = x.matMul(centroid.transpose()).reshape(-1);
        return rowNorms.sub(cross.mul(2)).add(centroid.square().sum()).maximum(0f);
    }

    /** One assignment and update; returns the new centroids on {@code scratch}. */
    private static NDArray lloydStep(NDArray x, NDArray centroids, int k, boolean spherical, NearestCodeSearch search,
            NDManager scratch) {
        try (NDManager round = scratch.newSubManager()) {
            NDArray xr = StateArrays.view(x, round);
            NDArray oneHot = CodeCounts.oneHot(search.nearest(xr, centroids), k);
            NDArray counts = oneHot.sum(new int[] {0}).expandDims(1);
            NDArray means = oneHot.transpose().matMul(xr).div(counts.maximum(1f));
            if (spherical) {
                means = UnitVectors.normalize(means, 1);
            }
            NDArray empty = counts.eq(0f).broadcast(centroids.getShape());
            NDArray updated = NDArrays.where(empty, StateArrays.view(centroids, round), means);
            updated.attach(scratch);
            return updated;
        }
    }
}
