"""Rasa's DIETClassifier with a start-up that does not trace a training step it never uses.

To load a DIET model Rasa first builds its weights by training on one example: Keras traces
the whole training step (forward pass, loss, gradients, optimizer) into a TensorFlow graph,
then the trained weights are loaded over the result. Measured with py-spy on `rasa run`, that
one step was 5.4 of the 11.9 seconds Rasa took to answer on a quiet machine, and Rasa's start
is what `make demo` waits for. Run eagerly, the same step builds the same weights without
tracing anything; prediction is then switched back to a traced graph, as Rasa's own load does.
Training, the weights and every prediction are Rasa's own: only the throw-away step differs.

Used from config.yml as `bot.quick_start_diet.QuickStartDIETClassifier` with DIET's keys.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIET, DIETClassifier
from rasa.utils.tensorflow.constants import RUN_EAGERLY
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel


class QuickStartDIET(DIET):
    """DIET whose weight-building step at load time runs eagerly."""

    @classmethod
    def load(
        cls,
        model_file_name: str,
        model_data_example: RasaModelData,
        predict_data_example: RasaModelData | None = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> RasaModel:
        """Rasa's load with its one-example training step run eagerly, then traced prediction."""
        if finetune_mode:
            # Further training keeps Rasa's behaviour exactly.
            return super().load(
                model_file_name, model_data_example, predict_data_example, True, *args, **kwargs
            )
        config = kwargs.get("config", {})
        configured_eagerly = config.get(RUN_EAGERLY, False)
        model = super().load(
            model_file_name,
            model_data_example,
            None,  # the prediction warm-up runs below, once prediction is traced again
            False,
            *args,
            **{**kwargs, "config": {**config, RUN_EAGERLY: True}},
        )
        model.run_eagerly = configured_eagerly
        model.config[RUN_EAGERLY] = configured_eagerly
        if predict_data_example:
            # Rasa's own warm-up: the first prediction traces the graph every later one uses.
            model.run_inference(predict_data_example)
        return model


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    ],
    is_trainable=True,
)
class QuickStartDIETClassifier(DIETClassifier):
    """DIETClassifier whose model loads with QuickStartDIET (see module doc)."""

    @staticmethod
    def model_class() -> type[RasaModel]:
        """The TensorFlow model class this component trains and loads."""
        return QuickStartDIET
