"""The original app's 24 sample models, loaded into an empty or partly filled registry."""

from sqlalchemy import select

from ..extensions import db
from ..models import RegisteredModel
from . import rules
from .registered_models import create_model
from .unit import atomic

DEMO_MODELS = [
    (
        "EfficientNet-B0",
        "1.0.0",
        "PyTorch",
        "Efficient convolutional neural network optimized for mobile devices",
    ),
    ("RoBERTa", "1.0", "TensorFlow", "Robustly optimized BERT pretraining approach"),
    ("MobileNetV3", "3.0", "PyTorch", "Lightweight computer vision model for mobile applications"),
    ("CLIP", "1.0", "PyTorch", "Contrastive Language-Image Pre-training model"),
    ("FLAIR", "0.11", "PyTorch", "Framework for state-of-the-art NLP"),
    ("Detectron2", "0.6", "PyTorch", "Facebook AI Research's object detection platform"),
    (
        "ALBERT",
        "2.0",
        "TensorFlow",
        "A Lite BERT for Self-supervised Learning of Language Representations",
    ),
    ("Swin Transformer", "1.0", "PyTorch", "Hierarchical vision transformer using shifted windows"),
    ("GPT-3", "3.0", "PyTorch", "Large language model with 175 billion parameters"),
    ("YOLOv5", "6.0", "PyTorch", "Real-time object detection system"),
    ("T5", "1.1", "TensorFlow", "Text-to-Text Transfer Transformer"),
    ("ResNet-50", "1.0", "PyTorch", "Deep residual learning for image recognition"),
    ("BERT", "1.0", "TensorFlow", "Bidirectional Encoder Representations from Transformers"),
    ("DALL-E", "2.0", "PyTorch", "Text-to-image generation model"),
    ("Stable Diffusion", "1.5", "PyTorch", "Latent text-to-image diffusion model"),
    ("ViT", "1.0", "PyTorch", "Vision Transformer for image classification"),
    ("DeiT", "1.0", "PyTorch", "Data-efficient image Transformer"),
    ("DistilBERT", "1.0", "PyTorch", "Distilled version of BERT"),
    ("EfficientNetV2", "1.0", "TensorFlow", "Improved version of EfficientNet"),
    ("ConvNeXt", "1.0", "PyTorch", "Modern ConvNet for the 2020s"),
    ("MAE", "1.0", "PyTorch", "Masked Autoencoders for self-supervised learning"),
    ("DETR", "1.0", "PyTorch", "End-to-end object detection with transformers"),
    ("PaLM", "1.0", "TensorFlow", "Pathways Language Model"),
    ("LaMDA", "1.0", "TensorFlow", "Language Model for Dialogue Applications"),
]


def load_demo(only_into_empty: bool = False) -> int:
    """Register every sample model not yet present; return how many were added.

    :param only_into_empty: add nothing to a registry that holds any model (a user who
        deleted the samples does not get them back on the next start).
    """
    with atomic():
        present = set(db.session.scalars(select(RegisteredModel.name_key)))
        if only_into_empty and present:
            return 0
        missing = [row for row in DEMO_MODELS if rules.name_key(row[0]) not in present]
        for name, version, framework, description in missing:
            create_model(
                name,
                description=description,
                first_version={
                    "version": version,
                    "framework": framework,
                    "description": description,
                },
            )
    return len(missing)
