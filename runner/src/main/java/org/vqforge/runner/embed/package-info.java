/**
 * vqforge as a library, for programs that drive experiments from Java (a notebook, jshell, a
 * service) rather than from the command line:
 *
 * <pre>{@code
 * ConfiguredExperiment experiment = Experiments.load(Path.of("configs/vqvae-fashion-mnist.yaml"),
 *         List.of("train.steps=200"));
 * try (TrainedRun run = experiment.train(Path.of("runs/mine"),
 *         p -> System.out.printf("step %d/%d loss %.4f%n", p.step(), p.totalSteps(), p.loss()))) {
 *     Evaluation e = run.evaluate();
 *     float[] reconstructions = run.reconstruct(images, 8);
 * }
 * }</pre>
 *
 * A training run writes the same run directory as {@code vqf train} (config, metrics, checkpoints,
 * provenance, evaluation), so the command line can evaluate, reconstruct or resume it, and {@link
 * TrainedRun#open} reads one that the command line wrote.
 */
package org.vqforge.runner.embed;
